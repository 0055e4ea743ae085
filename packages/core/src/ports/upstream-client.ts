import type { AskSageEmbeddingsRequest, AskSageGetModelsResponse, AskSageQuery, AskSageQueryResponse } from '../types/asksage';
import type { AbortSignalLike } from './abort-signal-like';

/** Per-call options. The key is chosen by core (key pool) and passed on every call; adapters hold no key policy. */
export interface UpstreamCallOptions {
  /** The AskSage API key (secret) sent as `x-access-tokens`. Never log it. */
  apiKey: string;
  /** Fires when the caller no longer wants the answer; the adapter must abort the HTTP request at once. */
  signal?: AbortSignalLike;
  /**
   * Files to attach (images, already resolved to bytes). When present and non-empty the adapter sends the query as
   * `multipart/form-data`: one `file` part per entry, in order, and every query field as a form field (objects and
   * arrays JSON-encoded), which is how AskSage takes attachments on `/server/query` (protocol doc §3.1, §3.2).
   */
  files?: readonly UpstreamFile[];
}

/** A file attached to a query. */
export interface UpstreamFile {
  /** The part's filename (`image-1.png`); AskSage names it in the `<file-content>` block it prepends. */
  name: string;
  /** The part's content type (`image/png`). */
  mediaType: string;
  /** The exact bytes. */
  bytes: Uint8Array;
}

/** Options of `getModels`. */
export interface UpstreamGetModelsOptions {
  /** When given, AskSage narrows the list to the models this key is entitled to. */
  apiKey?: string;
  /** Cancels the call. */
  signal?: AbortSignalLike;
}

/**
 * The upstream port: the AskSage API as core sees it.
 *
 * Contract (checked by `describeUpstreamClientContract` in `@asksage-proxy/core/testing`):
 * - An HTTP 2xx JSON reply resolves with the parsed body, HTTP-200 error envelopes included
 *   (`{"response":"Token is invalid [2]","status":400}`); core interprets them.
 * - Non-2xx replies reject with the `ProxyError` built by core's `createUpstreamHttpError`.
 * - Transport failures reject with `ProxyError` codes `upstream_timeout`, `upstream_unavailable`
 *   or `upstream_bad_response`; a fired `signal` rejects with `request_aborted`.
 */
export interface UpstreamClient {
  /** `POST {server}/query` with a JSON body (multipart when `options.files` is non-empty). */
  query(query: AskSageQuery, options: UpstreamCallOptions): Promise<AskSageQueryResponse>;
  /**
   * `POST {server}/query` with `streaming: true` in the body: resolves once AskSage answered 2xx, with the body's
   * reads as they arrive (the `@|@sep@|@` frame stream, or one JSON body from a tenant that ignores `streaming`; core's
   * frame reader tells them apart). Rejects like `query` before the body; the iterable throws `ProxyError`s for
   * failures during it. Returning the iterator early closes the connection.
   */
  streamQuery(query: AskSageQuery, options: UpstreamCallOptions): Promise<AsyncIterable<Uint8Array | string>>;
  /**
   * `POST {server}/openai/v1/embeddings` (AskSage's only embeddings API, on its OpenAI-compatible surface) with the key
   * as `Authorization: Bearer`. Resolves with the raw 2xx body, HTTP-200 error envelopes included (core interprets
   * them); rejects like `query` otherwise (a tenant without the route answers 404).
   */
  embed(request: AskSageEmbeddingsRequest, options: UpstreamCallOptions): Promise<unknown>;
  /** `POST {server}/get-models`; resolves with the raw body (its shape varies by tenant). */
  getModels(options: UpstreamGetModelsOptions): Promise<AskSageGetModelsResponse | unknown>;
  /**
   * `{server}/count-monthly-tokens` for the key: AskSage tokens it used this month (free, costs no tokens).
   * Resolves with the raw body (`{"response": 45330, "status": 200}`); core's `parseMonthlyTokenCount` reads it.
   */
  countMonthlyTokens(options: UpstreamCallOptions): Promise<unknown>;
}
