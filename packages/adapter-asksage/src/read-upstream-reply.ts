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

/**
 * One HTTP reply from AskSage -> the parsed body (2xx JSON, HTTP-200 error envelopes included: core interprets
 * them) or a thrown `ProxyError`. The body arrives as text so that truncated JSON and HTML pages are caught here
 * rather than passed on as strings.
 */
export function readUpstreamReply(status: number, text: string, retryAfterHeader: string | undefined): unknown {
  if (status < 200 || status > 299) {
    const parsed = tryParseJson(text);
    throw createUpstreamHttpError(status, parsed.ok ? parsed.value : text.slice(0, maxErrorBodyChars), retryAfterHeader ?? null);
  }
  const parsed = tryParseJson(text);
  if (parsed.ok && typeof parsed.value === 'object' && parsed.value !== null) return parsed.value;
  if (/^\s*</.test(text)) {
    throw badResponse(`AskSage answered HTTP ${status} with an HTML page instead of JSON; check that server_base_url is the API root (it ends in /server), not a web page or a login portal.`);
  }
  if (text.trim() === '') throw badResponse(`AskSage answered HTTP ${status} with an empty body.`);
  throw badResponse(`AskSage answered HTTP ${status} with a body that is not a JSON object (truncated or malformed).`);
}
