/**
 * Every failure core can report. Core knows no HTTP status and no route: adapter-http adds its own codes for
 * failures of the HTTP layer (no route, wrong method, bad inbound key, refused origin, …) and maps every code to a
 * status in one exhaustive table; each dialect renders the body.
 */
export const proxyErrorCodes = [
  /** The request body is malformed or a field has the wrong type/value (param names the field). */
  'invalid_request',
  /** A content part kind AskSage cannot receive (e.g. images before vision is built). */
  'unsupported_content',
  /** A parameter value AskSage cannot honour (e.g. n > 1). */
  'unsupported_parameter',
  /** AskSage rejected the credential ("Token is invalid"). */
  'upstream_authentication',
  /** No configured key is entitled to the requested model. */
  'model_not_entitled',
  /** The model is unknown or retired. */
  'model_not_found',
  /** A Responses API response (or an item of one) that was never stored, has expired or was deleted. */
  'response_not_found',
  /** Request body over the size limit. */
  'payload_too_large',
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
