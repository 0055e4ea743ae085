import type { ProxyErrorCode } from '@asksage-proxy/core';

/** OpenAI's `error.type` vocabulary, as its API and SDKs use it. */
export type OpenAIErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'insufficient_quota'
  | 'server_error';

/** How one `ProxyErrorCode` is rendered over HTTP. */
export interface HttpErrorMapping {
  /** The HTTP status. OpenAI SDKs pick their exception class and retry policy from it. */
  status: number;
  /** OpenAI's `error.type`. */
  type: OpenAIErrorType;
}

/**
 * The one place that knows HTTP statuses for proxy failures (core knows none). A `Record` over every code,
 * so adding a code to core without a row here fails to compile.
 */
export const httpStatusByErrorCode: Record<ProxyErrorCode, HttpErrorMapping> = {
  invalid_request: { status: 400, type: 'invalid_request_error' },
  unsupported_content: { status: 400, type: 'invalid_request_error' },
  unsupported_parameter: { status: 400, type: 'invalid_request_error' },
  invalid_api_key: { status: 401, type: 'authentication_error' },
  upstream_authentication: { status: 401, type: 'authentication_error' },
  model_not_entitled: { status: 403, type: 'permission_error' },
  model_not_found: { status: 404, type: 'not_found_error' },
  not_found: { status: 404, type: 'not_found_error' },
  method_not_allowed: { status: 405, type: 'invalid_request_error' },
  payload_too_large: { status: 413, type: 'invalid_request_error' },
  unsupported_media_type: { status: 415, type: 'invalid_request_error' },
  origin_not_allowed: { status: 403, type: 'permission_error' },
  proxy_overloaded: { status: 503, type: 'server_error' },
  upstream_rate_limited: { status: 429, type: 'rate_limit_error' },
  // OpenAI itself answers a spent quota with 429 type 'insufficient_quota'; SDKs then do not retry forever.
  quota_exceeded: { status: 429, type: 'insufficient_quota' },
  model_overloaded: { status: 503, type: 'server_error' },
  no_healthy_key: { status: 503, type: 'server_error' },
  upstream_unavailable: { status: 502, type: 'server_error' },
  upstream_timeout: { status: 504, type: 'server_error' },
  upstream_bad_response: { status: 502, type: 'server_error' },
  upstream_error: { status: 502, type: 'server_error' },
  // nginx's "client closed request": only ever seen in our own access log, the client is gone.
  request_aborted: { status: 499, type: 'invalid_request_error' },
  internal_error: { status: 500, type: 'server_error' },
};
