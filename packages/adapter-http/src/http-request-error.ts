/** Failures of the HTTP layer itself, which core knows nothing about (it has no routes, headers or bodies). */
export const httpRequestErrorCodes = [
  /** The inbound key (`Authorization: Bearer` or `x-api-key`) is missing or not one of `proxy_api_keys`. */
  'invalid_api_key',
  /** No such route. */
  'not_found',
  /** Route exists, method does not. */
  'method_not_allowed',
  /** Request content type (or charset, or encoding) is not JSON the proxy can read. */
  'unsupported_media_type',
  /** A web page's origin (or a Host header) this proxy does not serve: a browser could otherwise spend the keys. */
  'origin_not_allowed',
  /** Too much request data is in flight at once; the client should retry shortly. */
  'proxy_overloaded',
] as const;

/** A string-literal code of `HttpRequestError`. */
export type HttpRequestErrorCode = (typeof httpRequestErrorCodes)[number];

/**
 * An error of the HTTP layer, rendered like core's `ProxyError` (same status table, same dialect error bodies).
 * `message` is shown to the client and says what to fix.
 */
export class HttpRequestError extends Error {
  /** Machine-readable code; `httpStatusByErrorCode` maps it to a status. */
  readonly code: HttpRequestErrorCode;
  /** Never a request field: these failures are about the request as a whole. */
  readonly param = null;
  /** Seconds the client should wait (`Retry-After`), when it makes sense. */
  readonly retryAfterSeconds: number | undefined;

  constructor(code: HttpRequestErrorCode, message: string, options: { retryAfterSeconds?: number } = {}) {
    super(message);
    this.name = 'HttpRequestError';
    this.code = code;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}
