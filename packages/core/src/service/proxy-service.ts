import type { AbortSignalLike } from '../ports/abort-signal-like';
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionCreateParams, Model, ModelList } from '../types/openai';
import type { KeyStatus } from '../key-pool/key-status';

/** Per-request context built by the HTTP layer. */
export interface RequestContext {
  /** Correlates log lines of one request. */
  requestId: string;
  /** Fires when the client disconnects; the upstream call is aborted. */
  signal?: AbortSignalLike;
}

/** What `GET /health` reports. Key names only, never keys. */
export interface HealthReport {
  /** `ready`: every key healthy; `degraded`: some keys out; `unavailable`: none usable now. */
  status: 'ready' | 'degraded' | 'unavailable';
  /** One entry per configured key, by name. */
  keys: KeyStatus[];
}

/**
 * The one entry point the HTTP layer calls. Implemented by `createProxyService`.
 */
export interface ProxyService {
  /** Non-streamed chat completion. Rejects with `ProxyError`. */
  createChatCompletion(params: ChatCompletionCreateParams, context: RequestContext): Promise<ChatCompletion>;
  /**
   * Streamed chat completion. The promise rejects (with `ProxyError`) only for failures known before any
   * upstream call (validation, unknown model, no entitled key); it resolves at once with chunks whose first
   * item is the role chunk. Later failures are thrown from the iterator (rendered in-band by the HTTP layer).
   */
  streamChatCompletion(
    params: ChatCompletionCreateParams,
    context: RequestContext,
  ): Promise<AsyncIterable<ChatCompletionChunk>>;
  /** `GET /v1/models`. */
  listModels(): ModelList;
  /** `GET /v1/models/{id}`; aliases resolve. Throws `model_not_found`. */
  retrieveModel(id: string): Model;
  /** Pool state for `GET /health`. */
  health(): HealthReport;
}
