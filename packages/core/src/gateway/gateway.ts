import type { CompletionEvent } from '../conversation/completion-event';
import type { CompletionResult } from '../conversation/completion-result';
import type { Conversation } from '../conversation/conversation';
import type { ModelInfo } from '../catalog/model-info';
import type { KeyStatus } from '../key-pool/key-status';
import type { AbortSignalLike } from '../ports/abort-signal-like';

/** Per-request context built by the HTTP layer. */
export interface RequestContext {
  /** Correlates log lines of one request. */
  requestId: string;
  /** Fires when the client disconnects; the upstream call is aborted. */
  signal?: AbortSignalLike;
  /** The dialect serving the request (`openai-chat`), for observers; set by `runDialectRequest`. */
  dialect?: string;
  /** Told once how the request went, by key name (the HTTP layer puts it on the access log line). */
  onFinished?: (summary: RequestSummary) => void;
}

/** How one request went, for the caller's own records (the access log line). Key names only. */
export interface RequestSummary {
  /** The key that answered (or was last tried). */
  key?: string;
  /** Upstream attempts made, failovers included. */
  attempts: number;
  /** The error code, when the request failed. */
  code?: string;
  inputTokens?: number;
  outputTokens?: number;
}

/** A neutral completion request: which model, and the conversation. */
export interface CompletionRequest {
  /** As the client named it; the gateway resolves aliases and entitlements. */
  model: string;
  conversation: Conversation;
}

/** A finished completion. */
export interface CompletionOutcome {
  result: CompletionResult;
  /** The resolved AskSage model id. */
  model: string;
}

/** An embeddings request, as `POST /v1/embeddings` carries it. */
export interface EmbeddingsRequest {
  /** As the client named it; must resolve to an embedding model. */
  model: string;
  /** Text, texts, or token arrays; one vector comes back per input. */
  input: string | string[] | number[] | number[][];
  /** Fewer dimensions than the model's native count, when the model supports it. */
  dimensions?: number;
  /** Passed on. */
  user?: string;
}

/** Vectors for each input, in input order. */
export interface EmbeddingsOutcome {
  /** The resolved AskSage model id. */
  model: string;
  vectors: number[][];
  /** Input tokens, when AskSage reported them. */
  inputTokens?: number;
}

/** A started stream: resolved model and the events, which throw `ProxyError` for failures after the start. */
export interface CompletionStream {
  /** The resolved AskSage model id. */
  model: string;
  events: AsyncIterable<CompletionEvent>;
}

/** What `GET /health` reports. Key names only, never keys. */
export interface HealthReport {
  /** `ready`: every key healthy; `degraded`: some keys out; `unavailable`: none usable now. */
  status: 'ready' | 'degraded' | 'unavailable';
  /** One entry per configured key, by name. */
  keys: KeyStatus[];
  /**
   * Present while AskSage could not be reached at all (refused, DNS, TLS): the network's state, not a key's. Cleared
   * by the next call that gets through.
   */
  upstream?: { state: 'unreachable'; since: number; detail: string };
}

/**
 * The proxy's one use-case surface: every dialect calls it with neutral requests. Model resolution and entitlement,
 * the AskSage query, key selection with failover, reply interpretation and key redaction all happen behind it.
 */
export interface Gateway {
  /** A whole completion. Rejects with `ProxyError`. */
  complete(request: CompletionRequest, context: RequestContext): Promise<CompletionOutcome>;
  /**
   * A streamed completion. Rejects (with `ProxyError`) only for failures known before any upstream call (unknown
   * model, no entitled or usable key, a request AskSage cannot take); later failures are thrown by the events.
   * Failover happens only before the first event.
   */
  stream(request: CompletionRequest, context: RequestContext): Promise<CompletionStream>;
  /**
   * Embeddings through AskSage's only embeddings API (`{server}/openai/v1/embeddings`, whatever the completion upstream
   * mode), with model resolution, key pool and failover. Rejects with `ProxyError`.
   */
  embed(request: EmbeddingsRequest, context: RequestContext): Promise<EmbeddingsOutcome>;
  /** Tokens the conversation would cost as input, counted offline. */
  countInputTokens(request: CompletionRequest): number;
  /** Models a client may use (entitled ones only). */
  listModels(): ModelInfo[];
  /** One model; aliases resolve. Throws `model_not_found` / `model_not_entitled`. */
  retrieveModel(id: string): ModelInfo;
  /** Pool state. */
  health(): HealthReport;
}
