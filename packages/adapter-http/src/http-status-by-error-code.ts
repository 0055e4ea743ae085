import type { ProxyErrorCode } from '@asksage-proxy/core';
import type { HttpRequestErrorCode } from './http-request-error';

/**
 * A row of the status table: the status, or the status plus an optional per-dialect override column for the few codes
 * whose API documents another status (keyed by `Dialect.id`).
 */
export type HttpStatusEntry = number | { status: number; byDialect: Readonly<Record<string, number>> };

/**
 * The one place that knows HTTP statuses for proxy failures (core knows none). A `Record` over every code, core's and
 * the HTTP layer's, so adding a code without a row here fails to compile. Each dialect renders its own error body for the status
 * (OpenAI's `type` follows it; Anthropic's too).
 */
export const httpStatusByErrorCode: Record<ProxyErrorCode | HttpRequestErrorCode, HttpStatusEntry> = {
  invalid_request: 400,
  unsupported_content: 400,
  unsupported_parameter: 400,
  invalid_api_key: 401,
  upstream_authentication: 401,
  model_not_entitled: 403,
  model_not_found: 404,
  response_not_found: 404,
  not_found: 404,
  method_not_allowed: 405,
  payload_too_large: 413,
  unsupported_media_type: 415,
  origin_not_allowed: 403,
  proxy_overloaded: 503,
  upstream_rate_limited: 429,
  // OpenAI itself answers a spent quota with 429 (type 'insufficient_quota'); SDKs then do not retry forever.
  quota_exceeded: 429,
  // Anthropic has its own status for an overloaded model, 529 `overloaded_error`, which its SDKs and Claude Code retry.
  model_overloaded: { status: 503, byDialect: { 'anthropic-messages': 529 } },
  no_healthy_key: 503,
  upstream_unavailable: 502,
  upstream_timeout: 504,
  upstream_bad_response: 502,
  upstream_error: 502,
  // nginx's "client closed request": only ever seen in our own access log, the client is gone.
  request_aborted: 499,
  internal_error: 500,
};

/** The status of `code` as the dialect `dialectId` answers it (its override, else the common status). */
export function httpStatusOf(code: ProxyErrorCode | HttpRequestErrorCode, dialectId?: string): number {
  const entry = httpStatusByErrorCode[code];
  if (typeof entry === 'number') return entry;
  return (dialectId !== undefined ? entry.byDialect[dialectId] : undefined) ?? entry.status;
}
