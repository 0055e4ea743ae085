import type { ApiKeyConfig } from '@asksage-proxy/core';
import type { ConfigKey } from './config-file-values';

/** Where a resolved value came from, lowest precedence first. */
export type ValueOrigin = 'default' | 'file' | 'env' | 'flag';

/** The origin of one value and its detail (the file path, the variable or the flag). */
export interface ValueSource {
  /** Which layer supplied it. */
  origin: ValueOrigin;
  /** `config.yaml` path, `ASKSAGE_PROXY_PORT`, `--port`… */
  detail?: string;
}

/** The configuration the proxy runs with: defaults < file < environment < flags, all paths absolute. */
export interface ResolvedConfig {
  /** The config file read, if any. */
  file?: string;
  /** Address to bind. */
  host: string;
  /** Port to bind; 0 picks a free one. */
  port: number;
  /** Debug logging. */
  verbose: boolean;
  /** Pooled AskSage keys, named. */
  apiKeys: ApiKeyConfig[];
  /** AskSage `/server` root. */
  serverBaseUrl: string;
  /** AskSage `/user` root. */
  userBaseUrl: string;
  /** Absolute path of the CA bundle, when configured. */
  certPath?: string;
  /** Total upstream timeout per attempt. */
  timeoutSeconds: number;
  /** TCP+TLS connect timeout. */
  connectTimeoutSeconds: number;
  /** Inbound bearer tokens; empty = no inbound authentication. */
  proxyApiKeys: string[];
  /** Web origins allowed to call without proxy_api_keys (besides this machine's own pages). */
  corsOrigins: string[];
  /** Absolute path of the user's curated model list. */
  modelsFile?: string;
  /** SSE keep-alive comment interval. */
  heartbeatSeconds: number;
  /** Upstream attempts per request (failover across keys). */
  maxAttempts: number;
  /** Wait before the first free recheck of a key AskSage rejected (0: at the next request). */
  invalidKeyRecheckSeconds: number;
  /** Longest wait between rechecks of an invalid key. */
  invalidKeyRecheckMaxSeconds: number;
  /** Log line format; `auto` = text on a terminal, JSON otherwise. */
  logFormat: 'auto' | 'text' | 'json';
  /** `auto`: streamed requests ask AskSage to stream; `off`: streams are synthesized from whole replies. */
  nativeStreaming: 'auto' | 'off';
  /**
   * `query`: completions are translated to AskSage's native `/query`. `passthrough`: chat completions, Responses and
   * Messages go to AskSage's own OpenAI/Anthropic-compatible surface (`{server}/openai/v1/…`, `{server}/anthropic/v1/…`).
   */
  upstreamApi: 'query' | 'passthrough';
  /** Largest accepted request body. */
  maxBodyMb: number;
  /** How long in-flight requests may finish at shutdown. */
  shutdownGraceSeconds: number;
  /** Redis shared by the replicas (key health, Responses store, usage); absent = each process keeps its own. Secret. */
  redisUrl?: string;
  /** Fetch image URLs that resolve to loopback, private or link-local addresses (never cloud metadata). */
  allowPrivateImageUrls: boolean;
  /** Largest image attached to a query, decoded or downloaded. */
  maxImageBytes: number;
  /** Largest PDF document attached to a query (or inlined in passthrough mode), decoded or downloaded. */
  maxDocumentBytes: number;
  /** Passthrough mode: `inline` fetches image URLs (under the guard) and sends the bytes; `forward` sends the URLs. */
  passthroughImageUrls: 'inline' | 'forward';
  /** Serve `GET /metrics` (Prometheus). */
  metrics: boolean;
  /** Absolute path of a Unix socket to listen on instead of TCP (mode 0600). */
  socket?: string;
  /** Absolute path of a log file written besides stderr, rotated. */
  logFile?: string;
  /** Rotate the log file when it reaches `logMaxSizeMb`, or once a day. */
  logRotation: 'size' | 'daily';
  /** Size that starts a new log file (size rotation). */
  logMaxSizeMb: number;
  /** Rotated log files kept besides the current one. */
  logMaxFiles: number;
  /** Most Responses API responses kept in memory. */
  responseStoreMaxEntries: number;
  /** How long a stored Responses API response is kept. */
  responseStoreMaxAgeSeconds: number;
  /** Origin of each key. */
  sources: Partial<Record<ConfigKey, ValueSource>>;
  /** Things the operator should know (deprecated keys, typos, short timeouts). */
  warnings: string[];
}
