/** One configured AskSage key. `key` is a secret: log `name` only. */
export interface ApiKeyConfig {
  /** Display name used in logs, `/health` and errors. */
  name: string;
  /** The secret AskSage API key. */
  key: string;
  /** Relative share of requests (> 0). */
  weight: number;
}
