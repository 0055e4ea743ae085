import type { AbortSignalLike } from './abort-signal-like';

/**
 * AskSage's own compatibility surfaces (protocol doc §4.9): `openai-chat` is `{server}/openai/v1/chat/completions`,
 * `openai-responses` is `{server}/openai/v1/responses` (both take the key as `Authorization: Bearer`), and
 * `anthropic-messages` is `{server}/anthropic/v1/messages` (`x-api-key` and `anthropic-version`).
 */
export type PassthroughSurface = 'openai-chat' | 'openai-responses' | 'anthropic-messages';

/** Every surface, in a stable order (for tables, tests and docs). */
export const passthroughSurfaces: readonly PassthroughSurface[] = ['openai-chat', 'openai-responses', 'anthropic-messages'];

/** Per-call options. The key is chosen by core's key pool; the adapter puts it in the header the surface expects. */
export interface PassthroughCallOptions {
  /** The AskSage API key (secret). Never log it. */
  apiKey: string;
  /** Fires when the caller no longer wants the answer; the adapter aborts the HTTP request at once. */
  signal?: AbortSignalLike;
}

/** A whole reply of a surface, whatever its HTTP status. */
export interface PassthroughReply {
  /** The HTTP status as AskSage sent it. */
  status: number;
  /** The response headers the proxy may pass on or act on, lower-case names (`content-type`, `retry-after`). */
  headers: Readonly<Record<string, string>>;
  /** The parsed JSON body; the raw text when the body is not JSON (an HTML page, a truncated body, nothing). */
  body: unknown;
}

/** A streamed reply, handed over as soon as AskSage sent its status line and headers. */
export interface PassthroughStreamReply {
  /** The HTTP status as AskSage sent it. */
  status: number;
  /** As in `PassthroughReply`. */
  headers: Readonly<Record<string, string>>;
  /**
   * The body's raw reads as they arrive (SSE bytes on success; the error body otherwise). Throws `ProxyError`s for
   * failures during it; returning the iterator early closes the upstream connection.
   */
  body: AsyncIterable<Uint8Array | string>;
}

/**
 * The passthrough port: AskSage's compatibility surfaces as core sees them. A port of its own, not a method of
 * `UpstreamClient`: its bodies are the client's own wire format (OpenAI or Anthropic JSON), not AskSage queries, and
 * an implementation needs no knowledge of `/query` (docs/streaming.md "Passthrough").
 *
 * Contract (checked by `describePassthroughClientContract` in `@asksage-proxy/core/testing`):
 * - every HTTP status resolves, HTTP-200 AskSage envelopes (`{"response":"Token is invalid [2]","status":400}`)
 *   and the surfaces' own 4xx/5xx bodies included: core decides what they mean;
 * - transport failures reject with `ProxyError` codes `upstream_timeout`, `upstream_unavailable` or
 *   `upstream_bad_response`; a fired `signal` rejects (or ends the body) with `request_aborted`; no error carries the key.
 */
export interface PassthroughClient {
  /** POSTs `body` (JSON) to the surface and resolves with the whole reply. */
  send(surface: PassthroughSurface, body: unknown, options: PassthroughCallOptions): Promise<PassthroughReply>;
  /** POSTs `body` (JSON, `stream: true` already set by the caller) and resolves once the headers arrived. */
  sendStream(surface: PassthroughSurface, body: unknown, options: PassthroughCallOptions): Promise<PassthroughStreamReply>;
}
