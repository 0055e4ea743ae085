import type { AbortSignalLike } from './abort-signal-like';

/** One stored Responses API response: the rendered response and the conversation items that led to it. */
export interface StoredResponse {
  /** `resp_…` */
  id: string;
  /** The `Response` object as it was returned to the client. */
  response: unknown;
  /** Every input and output item of the conversation up to and including this response, for `previous_response_id`. */
  items: unknown[];
  /** When it was stored, ms epoch. */
  storedAt: number;
}

/**
 * Responses API state (`store: true`, `previous_response_id`, `GET`/`DELETE /v1/responses/{id}`). In memory by
 * default, bounded in count and age; a shared store (Redis) lets replicas continue each other's conversations.
 * Contract: `describeResponseStoreContract` in `@asksage-proxy/core/testing`.
 */
export interface ResponseStore {
  /** Stores (or replaces) a response. */
  put(entry: StoredResponse, signal?: AbortSignalLike): Promise<void>;
  /** The stored response, or undefined when unknown or expired. */
  get(id: string, signal?: AbortSignalLike): Promise<StoredResponse | undefined>;
  /** Removes it; true when it existed. */
  delete(id: string, signal?: AbortSignalLike): Promise<boolean>;
}
