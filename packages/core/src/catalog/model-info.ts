/** A served model, dialect-neutral (each dialect renders its own list shape). */
export interface ModelInfo {
  /** The AskSage model id. */
  id: string;
  /** `chat` or `embedding`. */
  type: string;
  /** Unix seconds. */
  created: number;
  /** Who provides it (`openai`, `anthropic`, `asksage`, …). */
  ownedBy: string;
  /** A human name when known. */
  displayName?: string;
  /** Other names the catalog resolves to this model (Anthropic clients list models under them). */
  aliases?: readonly string[];
}
