import type { ProxyErrorCode } from './proxy-error-code';

/** What a failure says about the key that was used, so the key pool can react. */
export type KeyVerdict =
  /** The key itself is bad (AskSage said "Token is invalid"): take it out for a long time. */
  | 'invalid'
  /** The key hit a rate limit: cool it down for `retryAfterSeconds` or a backoff. */
  | 'rate_limited'
  /** A transient failure (5xx, timeout, connection): count it toward the key's circuit breaker. */
  | 'failure';

/** Construction options of `ProxyError`. */
export interface ProxyErrorOptions {
  /** The request field at fault (OpenAI's `param`), e.g. `messages[2].content[0].type`. */
  param?: string | null;
  /** Whether the same request may succeed if tried again (possibly on another key). */
  isRetryable?: boolean;
  /** Seconds the client (or pool) should wait, when the upstream said so. */
  retryAfterSeconds?: number;
  /** What this failure says about the key used. Absent when the key is not to blame. */
  keyVerdict?: KeyVerdict;
  /** The underlying error, for logs only. Never rendered to clients. */
  cause?: unknown;
}

/**
 * The one root of every error the proxy reports. `message` is shown to the client and must say what to fix;
 * it must never contain an API key.
 */
export class ProxyError extends Error {
  /** Machine-readable code; adapter-http maps it to an HTTP status. */
  readonly code: ProxyErrorCode;
  /** OpenAI's `param`. */
  readonly param: string | null;
  /** Whether a retry may succeed. */
  readonly isRetryable: boolean;
  /** Suggested wait in seconds. */
  readonly retryAfterSeconds: number | undefined;
  /** Verdict on the key used. */
  readonly keyVerdict: KeyVerdict | undefined;

  constructor(code: ProxyErrorCode, message: string, options: ProxyErrorOptions = {}) {
    super(message);
    this.name = 'ProxyError';
    this.code = code;
    this.param = options.param ?? null;
    this.isRetryable = options.isRetryable ?? false;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.keyVerdict = options.keyVerdict;
    if (options.cause !== undefined) {
      (this as { cause?: unknown }).cause = options.cause;
    }
  }
}

/** Type guard that works across package copies (checks the shape, not the prototype). */
export function isProxyError(value: unknown): value is ProxyError {
  return (
    value instanceof ProxyError ||
    (typeof value === 'object' && value !== null && (value as { name?: unknown }).name === 'ProxyError' &&
      typeof (value as { code?: unknown }).code === 'string')
  );
}
