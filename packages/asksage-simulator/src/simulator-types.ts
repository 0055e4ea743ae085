/**
 * Public types of the AskSage simulator (docs/contracts.md "asksage-simulator").
 * The simulator stands alone: these types mirror AskSage's wire, not the proxy's core types.
 */

/** One API key the simulator accepts as `x-access-tokens` (or exchanges for a token). */
export interface SimulatorKey {
  /** The API key itself (AskSage keys are 64 characters; the simulator accepts any length). */
  key: string;
  /** Model ids this key is entitled to; default all models of the catalog. */
  models?: string[];
  /** A key that starts out rejected ("Token is invalid [2]"); change at run time with `setKeyInvalid`. */
  invalid?: boolean;
  /** When set, `/user/get-token-with-api-key` requires this email (case-insensitive); otherwise any email is accepted. */
  email?: string;
}

/** Options of `startAskSageSimulator`. */
export interface SimulatorOptions {
  /** Port to listen on; default 0 (ephemeral). The host is always 127.0.0.1. */
  port?: number;
  /** `true` = HTTPS with the built-in certificate signed by `certs/test-ca.pem`; or a PEM pair of your own. */
  tls?: boolean | { cert: string; key: string };
  /** Accepted keys; default one key, `DEMO_KEY`. */
  keys?: SimulatorKey[];
  /** Catalog served by get-models; default a built-in list of AskSage ids. */
  models?: string[];
  /** Model ids answered with the recorded 'teach' "no longer available" reply. */
  retiredModels?: string[];
  /** Milliseconds added before every `/query` answer. */
  latencyMs?: number;
  /** Envelope generation: '2026-09' (default, api.asksage.ai) or '2026-04' (health.mil, nulls and no provenance). */
  envelope?: '2026-09' | '2026-04';
  /** The clock, in ms since the epoch, used for token expiry and provenance timestamps; default `Date.now`. */
  now?: () => number;
  /** Shape of `get-models?format=full`: a bare array (recorded on api.asksage.ai, the default) or `{data,response,status}`. */
  fullModelsShape?: 'array' | 'object';
  /** Tool-call reply style for every request (a `script` fault overrides it for one request). */
  toolCalls?: ToolCallStyle;
  /**
   * How `streaming: true` replies are framed: `yield` frames with the new text only (default 'delta'), with all text
   * so far ('cumulative'), the final envelope alone ('single', as recorded for a one-word answer), or one plain JSON
   * body, as from a tenant that ignores `streaming` ('ignore'), or delta frames of a text the final envelope does not
   * continue ('contradicting': a misbehaving model, to show the proxy's per-model fallback to whole replies).
   */
  streamYieldMode?: StreamYieldMode;
  /** Milliseconds between stream frames (paced streaming, to look like generation); default 0. */
  streamFramePauseMs?: number;
  /** Whether `{server}/openai/v1/embeddings` exists on this tenant; default true (false: a 404, as from a tenant without it). */
  embeddings?: boolean;
  /** Recorder capacity; older requests are dropped first. Default 10 000 (bounded so benchmarks do not grow memory). */
  maxRecordedRequests?: number;
  /** Monthly allowance reported by count-monthly-tokens-left-with-org, per key; default 200 000 (recorded account). */
  monthlyTokenLimit?: number;
}

/** See `SimulatorOptions.streamYieldMode`. */
export type StreamYieldMode = 'delta' | 'cumulative' | 'single' | 'ignore' | 'contradicting';

/** How tool calls are laid out in a reply (the native shape was never recorded: protocol doc §2.4). */
export interface ToolCallStyle {
  /** Put the calls in `tool_calls_unified` and send `tool_calls: null` (the fallback the reference proxy reads). */
  unified?: boolean;
  /** Leave `id` out of every call, to exercise proxies that must invent ids. */
  omitIds?: boolean;
  /** The `message` sent alongside the calls; default "". */
  message?: string;
}

/** How the request body arrived. */
export type RecordedBodyType = 'json' | 'form' | 'multipart' | 'none';

/** A file part of a multipart `/query`. */
export interface RecordedFile {
  field: string;
  filename: string;
  mimeType: string;
  size: number;
  /** SHA-256 of the part's bytes, lowercase hex: tests assert the exact bytes arrived without keeping them. */
  sha256: string;
}

/** One request the simulator received on `/server/*` or `/user/*`. */
export interface RecordedRequest {
  /** Sequence number from 1, in arrival order. */
  index: number;
  method: string;
  /** Path without the query string, e.g. '/server/query'. */
  path: string;
  /** Parsed query string. */
  query: Record<string, string>;
  /** Request headers as Node parsed them (lower-case names), `x-access-tokens` included unmasked. */
  headers: Record<string, string | string[] | undefined>;
  /**
   * The raw credential, kept as-is so tests can tell which key was used: `x-access-tokens` (an API key or an issued
   * token), or on the compatibility surfaces the `Authorization: Bearer` token (OpenAI) or `x-api-key` (Anthropic).
   */
  accessToken: string | undefined;
  /** The API key the credential resolved to (the key itself, or the key a token was issued for); undefined if unknown. */
  resolvedKey: string | undefined;
  bodyType: RecordedBodyType;
  /** The parsed body; for form and multipart bodies, after JSON-decoding `message`/`tools`/... and coercing numbers. */
  body: unknown;
  /** File parts of a multipart body. */
  files?: RecordedFile[];
  /** `/query` only: the temperature after AskSage's clamp (<=0 or >1 becomes 0.0). */
  effectiveTemperature?: number;
  /** The clock (`now()`) at arrival, ms since the epoch. */
  receivedAt: number;
}

/** Which requests a fault applies to; every given field must match. */
export interface FaultMatch {
  /** Full path ('/server/query') or the path under its root ('/query'). */
  path?: string;
  /** The API key the request's credential resolves to (tokens resolve to their key). */
  key?: string;
  /** The `model` field of the request body. */
  model?: string;
}

/** What a fault does to a matching request. */
export type SimulatorFaultAction =
  /** A real HTTP error; `body` defaults to AskSage's documented envelope for that status (string bodies are sent raw); `retryAfter` sets `Retry-After`. */
  | { kind: 'http'; status: number; body?: unknown; headers?: Record<string, string>; retryAfter?: string | number }
  /** HTTP 200 with an error envelope `{"response": text, "status": status}`. */
  | { kind: 'envelope'; status: number; text: string }
  /** HTTP 200 completion-shaped envelope whose message is AskSage's "model is overloaded" text. */
  | { kind: 'overloaded' }
  /** Wait, then answer normally. */
  | { kind: 'delay'; ms: number }
  /** Never answer; the socket stays open until the client aborts or the simulator closes. */
  | { kind: 'stall' }
  /** Destroy the socket without a response. */
  | { kind: 'reset' }
  /** Send HTTP 200 headers and half of a JSON body, then destroy the socket. */
  | { kind: 'reset-mid-body' }
  /** HTTP 200 `application/json` whose body is truncated JSON. */
  | { kind: 'bad-json' }
  /** An HTML error page (a gateway's), `text/html`; status default 502. */
  | { kind: 'html'; status?: number }
  /** A response with an empty body; status default 200. */
  | { kind: 'empty'; status?: number }
  /** Streams only: some yield frames, then AskSage's streaming error frame, then the connection drops. */
  | { kind: 'stream-error' }
  /** A scripted `/query` reply: fixed text and/or tool calls, with the tool-call style switches. */
  | ({ kind: 'script'; text?: string; toolCalls?: ScriptedToolCall[] } & ToolCallStyle);

/** A tool call a `script` fault puts in the reply. */
export interface ScriptedToolCall {
  /** Default `call_<random>`. */
  id?: string;
  name: string;
  /** An object is JSON-encoded; a string is sent as-is (so malformed arguments can be scripted). */
  arguments?: unknown;
}

/** A fault to inject: an action plus when it applies. Flat: `{ kind: 'http', status: 429, times: 2 }`. */
export type SimulatorFault = SimulatorFaultAction & {
  match?: FaultMatch;
  /** How many matching requests it affects: a count (default 1) or 'always'. */
  times?: number | 'always';
  /** Chance in [0, 1] that a matching request is affected; a request not affected does not use up `times`. */
  probability?: number;
};

/** A simulator listening on 127.0.0.1. */
export interface RunningSimulator {
  /** http(s)://127.0.0.1:port */
  url: string;
  /** url + '/server' */
  serverBaseUrl: string;
  /** url + '/user' */
  userBaseUrl: string;
  port: number;
  /** Every request received on /server and /user, oldest first (also `GET /__sim/requests`). */
  requests(): RecordedRequest[];
  /** Adds a fault (also `POST /__sim/faults`). Faults are tried in the order they were added. */
  injectFault(fault: SimulatorFault): void;
  /** Clears recordings, faults and usage counters, and restores keys' validity to the options (also `POST /__sim/reset`). */
  reset(): void;
  /** Makes a key (and the tokens issued for it) rejected or accepted again, at run time. */
  setKeyInvalid(key: string, invalid: boolean): void;
  /** Client sockets currently open (TCP connections), for abort tests. */
  openSockets(): number;
  /**
   * Holds every `streaming: true` reply after its first frame, and every compatibility-surface stream after its first
   * SSE event, until `release()` is called (ordering tests: the client must see the first delta while the rest is
   * still held). Also `POST /__sim/stream-gate`.
   */
  holdStreams(): { release(): void };
  /**
   * Holds every /server and /user request, once recorded and before any fault or reply, until `release()` (ordering
   * tests: a failure the client must see only after something else happened, such as the proxy's first heartbeat).
   * Faults are taken when a held request goes on, so faults injected meanwhile apply to it.
   */
  holdReplies(): { release(): void };
  /** Frames of `streaming: true` replies and SSE events of surface streams written so far (final ones included). */
  streamFramesWritten(): number;
  /** Stops listening and destroys every socket, stalled ones included. */
  close(): Promise<void>;
}
