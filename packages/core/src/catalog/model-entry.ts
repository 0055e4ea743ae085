/** One model the proxy serves. */
export interface ModelEntry {
  /** The exact AskSage model id (e.g. `claude-35-sonnet`). */
  id: string;
  /** `chat` models serve /v1/chat/completions. */
  type: 'chat' | 'embedding';
  /** Other names clients may use (e.g. `claude-3.5-sonnet`). */
  aliases?: string[];
  /** Shown as `owned_by` in /v1/models. */
  owned_by?: string;
  /** Unix seconds shown as `created`. */
  created?: number;
  /** Names of keys entitled to this model; absent means every key (not yet validated). */
  keys?: string[];
}
