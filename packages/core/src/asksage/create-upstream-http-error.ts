import type { ProxyError } from '../errors/proxy-error';
import { classifyUpstreamFailure } from './classify-upstream-failure';
import { readUpstreamErrorText } from './read-upstream-error-text';

/**
 * `Retry-After` in seconds. The HTTP-date form is ignored on purpose: turning it into seconds needs the current
 * time, and core reads time only through the Clock port, which this pure mapping does not take. AskSage documents
 * Retry-After only on 503s, with seconds (protocol doc §6); the key pool falls back to its default cooldown.
 */
function parseRetryAfterSeconds(header: string | null | undefined): number | undefined {
  if (typeof header !== 'string' || !/^\s*\d+\s*$/.test(header)) return undefined;
  return Number(header);
}

/**
 * A non-2xx AskSage reply -> `ProxyError`: 429 -> `upstream_rate_limited` (with `retryAfterSeconds`),
 * 401 or "Token is invalid" -> `upstream_authentication`, 413 -> `payload_too_large`, 5xx -> `upstream_unavailable`,
 * other statuses -> `upstream_error` quoting AskSage. The body may be an envelope, JSON text, an HTML page or empty.
 */
export function createUpstreamHttpError(httpStatus: number, body: unknown, retryAfterHeader?: string | null): ProxyError {
  return classifyUpstreamFailure({
    status: httpStatus,
    text: readUpstreamErrorText(body),
    retryAfterSeconds: parseRetryAfterSeconds(retryAfterHeader),
  });
}
