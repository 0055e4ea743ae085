import { ProxyError, createUpstreamHttpError } from '@asksage-proxy/core';

/** Longest non-2xx body text handed to error mapping: enough to quote AskSage, bounded against huge pages. */
const maxErrorBodyChars = 4096;

function tryParseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function badResponse(message: string): ProxyError {
  return new ProxyError('upstream_bad_response', message, { isRetryable: true, keyVerdict: 'failure' });
}

/** Where a call went, for the reply that shows no AskSage API is there. */
export interface ReplyOrigin {
  /** The URL called (no key in it). */
  url: string;
  /** The config key that sets it. */
  setting: string;
}

/**
 * A 404 or 405 whose body is not JSON (a web server's "Cannot POST" or "Not Found" page): nothing at that URL speaks
 * AskSage's API, so the configured base URL is wrong. No key is at fault, and retrying cannot help.
 */
function isWrongEndpoint(status: number, parsed: { ok: boolean; value?: unknown }): boolean {
  return (status === 404 || status === 405) && !(parsed.ok && typeof parsed.value === 'object' && parsed.value !== null);
}

/**
 * A non-2xx AskSage reply -> the `ProxyError` it means: a web server's 404/405 page at `origin` says the base URL is
 * wrong; anything else goes through core's `createUpstreamHttpError` (rate limits, rejected keys, outages).
 */
export function readUpstreamHttpError(status: number, text: string, retryAfterHeader: string | undefined, origin?: ReplyOrigin): ProxyError {
  const parsed = tryParseJson(text);
  if (origin !== undefined && isWrongEndpoint(status, parsed)) {
    return new ProxyError(
      'upstream_unavailable',
      `${origin.url} answered HTTP ${status}: there is no AskSage API at that address; check ${origin.setting} (for example https://api.asksage.ai/server, ending in /server).`,
    );
  }
  return createUpstreamHttpError(status, parsed.ok ? parsed.value : text.slice(0, maxErrorBodyChars), retryAfterHeader ?? null);
}

/**
 * One HTTP reply from AskSage -> the parsed body (2xx JSON, HTTP-200 error envelopes included: core interprets
 * them) or a thrown `ProxyError`. The body arrives as text so that truncated JSON and HTML pages are caught here
 * rather than passed on as strings.
 */
export function readUpstreamReply(status: number, text: string, retryAfterHeader: string | undefined, origin?: ReplyOrigin): unknown {
  if (status < 200 || status > 299) throw readUpstreamHttpError(status, text, retryAfterHeader, origin);
  const parsed = tryParseJson(text);
  if (parsed.ok && typeof parsed.value === 'object' && parsed.value !== null) return parsed.value;
  if (/^\s*</.test(text)) {
    throw badResponse(`AskSage answered HTTP ${status} with an HTML page instead of JSON; check that server_base_url is the API root (it ends in /server), not a web page or a login portal.`);
  }
  if (text.trim() === '') throw badResponse(`AskSage answered HTTP ${status} with an empty body.`);
  throw badResponse(`AskSage answered HTTP ${status} with a body that is not a JSON object (truncated or malformed).`);
}
