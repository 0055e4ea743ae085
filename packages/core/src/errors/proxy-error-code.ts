/**
 * Every failure the proxy can report. Core knows no HTTP status: adapter-http maps each code to a status
 * and an OpenAI error `type` in one exhaustive table.
 */
export const proxyErrorCodes = [
  /** The request body is malformed or a field has the wrong type/value (param names the field). */
  'invalid_request',
  /** A content part kind AskSage cannot receive (e.g. images before vision is built). */
  'unsupported_content',
  /** A parameter value AskSage cannot honour (e.g. n > 1). */
  'unsupported_parameter',
  /** The inbound bearer token is missing or not one of `proxy_api_keys`. */
  'invalid_api_key',
  /** AskSage rejected the credential ("Token is invalid"). */
  'upstream_authentication',
  /** No configured key is entitled to the requested model. */
  'model_not_entitled',
  /** The model is unknown or retired. */
  'model_not_found',
  /** No such route. */
  'not_found',
  /** Route exists, method does not. */
  'method_not_allowed',
  /** Request body over the size limit. */
  'payload_too_large',
  /** Request content type is not JSON. */
  'unsupported_media_type',
  /** A web page's origin (or a Host header) this proxy does not serve: a browser could otherwise spend the keys. */
  'origin_not_allowed',
  /** Too much request data is in flight at once; the client should retry shortly. */
  'proxy_overloaded',
  /** AskSage answered HTTP 429 (or an equivalent envelope). */
  'upstream_rate_limited',
  /** AskSage reports the account's token quota is spent. */
  'quota_exceeded',
  /** "Sorry, the model is overloaded" — retryable. */
  'model_overloaded',
  /** Every key is cooling down or invalid. */
  'no_healthy_key',
  /** AskSage answered 5xx, or the connection failed. */
  'upstream_unavailable',
  /** AskSage took longer than the configured timeout. */
  'upstream_timeout',
  /** AskSage's reply could not be understood (HTML page, truncated JSON). */
  'upstream_bad_response',
  /** AskSage reported an error we have no better code for. */
  'upstream_error',
  /** The client went away; nothing is sent. */
  'request_aborted',
  /** A bug. Details go to the log only. */
  'internal_error',
] as const;

/** A string-literal code of `ProxyError`. */
export type ProxyErrorCode = (typeof proxyErrorCodes)[number];
