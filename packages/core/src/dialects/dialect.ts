import type { CompletionEvent } from '../conversation/completion-event';
import type { CompletionResult } from '../conversation/completion-result';
import type { Conversation } from '../conversation/conversation';
import type { Clock } from '../ports/clock';
import type { IdGenerator } from '../ports/id-generator';
import type { ResponseStore } from '../ports/response-store';
import type { TokenCounter } from '../ports/token-counter';
import type { Gateway, RequestContext } from '../gateway/gateway';
import type { DialectReply } from './run-dialect-request';

/** One Server-Sent Event as a dialect wants it written: the writer only frames it (`event:`/`data:` lines). */
export interface SseFrame {
  /** The `event:` line (Anthropic and Responses name every frame; chat completions names none). */
  event?: string;
  /** The `data:` payload, already serialized. */
  data: string;
  /**
   * Rendered before the first upstream event (the stream's opening): a writer may hold it, with the status line,
   * until the first event or the first heartbeat is due, so that a failure before any event is still answered with
   * a real HTTP status (429 with Retry-After, 529…) that clients retry on. Set by `runDialectRequest`.
   */
  opening?: boolean;
}

/** How a dialect's streams are framed around the frames it renders. */
export interface SseFraming {
  /** Written after the last frame, whatever happened (`data: [DONE]` for chat completions). */
  terminator?: SseFrame;
  /** Written while the upstream is silent: a frame (`event: ping`) or a comment (`: keep-alive`). */
  heartbeat: SseFrame | { comment: string };
}

/** A neutral request plus what the dialect needs back when it renders. */
export interface DialectRequest<Options = unknown> {
  /** The model as the client named it (the gateway resolves aliases and entitlements). */
  model: string;
  conversation: Conversation;
  /** Whether the client asked for a stream. */
  stream: boolean;
  /** Dialect-specific request facts the renderers need (`include_usage`, `previous_response_id`, …). */
  options: Options;
}

/** Identity of one response, fixed when the request starts. */
export interface DialectResponseMeta {
  /** The response id with the dialect's prefix (`chatcmpl-…`, `resp_…`, `msg_…`). */
  id: string;
  /** Request time, Unix seconds. */
  created: number;
  /** The resolved model id reported back. */
  model: string;
}

/** Collaborators a dialect may use while converting and rendering. */
export interface DialectServices {
  ids: IdGenerator;
  clock: Clock;
  /** Counts tokens offline (Anthropic `count_tokens`, fallbacks). */
  tokenCounter?: TokenCounter;
  /** Responses API state; dialects without state ignore it (the composition root wires one when it serves them). */
  responseStore?: ResponseStore;
}

/** A failure ready to be rendered in a dialect's own error shape; the status comes from adapter-http's one table. */
export interface RenderableError {
  /** Core's `ProxyErrorCode` or a code of the HTTP layer (`not_found`, `invalid_api_key`, …). */
  code: string;
  /** Written for the user: what went wrong and what to change. */
  message: string;
  /** The request field at fault. */
  param: string | null;
  /** The HTTP status adapter-http answers with. */
  status: number;
}

/**
 * One API dialect (chat completions, Responses, Anthropic Messages, …): its request schema as data, its conversion to
 * the neutral conversation, and its renderers. Adapter-http drives every dialect through this one face, so adding a
 * dialect is one folder in core plus one row in the route table (docs/adding-a-dialect.md).
 */
export interface Dialect<Body = unknown, Options = unknown> {
  /** Stable identifier, used in logs and metrics (`openai-chat`). */
  readonly id: string;
  /** JSON Schema of the request body; adapter-http compiles it once. Structural checks only, with precise paths. */
  readonly requestSchema: object;
  /** Prefix of response ids (`chatcmpl-`). */
  readonly idPrefix: string;
  /** Framing of this dialect's streams. */
  readonly framing: SseFraming;
  /**
   * When a body fails the schema, a hint for a body meant for another API (a legacy `{prompt}` sent to chat), appended
   * to the error; undefined when the body is just malformed.
   */
  misdirectedBodyHint?(body: unknown): string | undefined;
  /** Wire body -> neutral request. Throws `ProxyError` naming the field at fault. */
  parseRequest(body: Body, services: DialectServices): DialectRequest<Options> | Promise<DialectRequest<Options>>;
  /** A whole result -> the JSON body answered to the client. */
  renderResult(result: CompletionResult, meta: DialectResponseMeta, request: DialectRequest<Options>, services: DialectServices): unknown;
  /**
   * Events -> SSE frames. Must yield its opening frame(s) at once, before awaiting the first event, so the client sees
   * the stream start while AskSage is still generating. Errors thrown by `events` propagate; the writer renders them
   * with `renderStreamError`.
   */
  renderStream(
    events: AsyncIterable<CompletionEvent>,
    meta: DialectResponseMeta,
    request: DialectRequest<Options>,
    services: DialectServices,
  ): AsyncIterable<SseFrame>;
  /** The error body for a failure before any byte was sent. */
  renderError(error: RenderableError): unknown;
  /** The in-band frame(s) for a failure after the stream started. */
  renderStreamError(error: RenderableError): SseFrame[];
  /**
   * Runs a request that needs more than one gateway call (legacy completions with an array of prompts). Most dialects
   * leave it out and the handler uses `runDialectRequest`.
   */
  run?(gateway: Gateway, body: Body, context: RequestContext, services: DialectServices): Promise<DialectReply>;
}
