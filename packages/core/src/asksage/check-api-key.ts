import { isProxyError, ProxyError } from '../errors/proxy-error';
import type { AbortSignalLike } from '../ports/abort-signal-like';
import type { UpstreamClient } from '../ports/upstream-client';
import { parseMonthlyTokenCount } from './parse-monthly-token-count';

/** What one free authenticated call says about a key. */
export type ApiKeyCheck =
  /** AskSage accepted the key; `monthlyTokens` is what the key used this month. */
  | { verdict: 'valid'; monthlyTokens: number }
  /** AskSage rejected the key ("Token is invalid"). */
  | { verdict: 'invalid'; error: ProxyError }
  /** No verdict: AskSage was unreachable, timed out or answered something unreadable; nothing is known about the key. */
  | { verdict: 'unknown'; error: ProxyError };

/**
 * Asks AskSage whether it accepts `apiKey`, spending no tokens: `count-monthly-tokens` is free (protocol doc §4.5) and
 * authenticated (a present but bad key gets the HTTP-200 "Token is invalid [2]" envelope, §1.4). `get-models` would
 * not do: it needs no key at all (§1.2, §4.1), so a tenant may list models whatever key comes with it. `invalid`
 * only when AskSage itself rejected the key; a transport failure says nothing about it. Never throws, and no error
 * it returns quotes the key (the adapter's errors name URLs, never headers).
 */
export async function checkApiKey(upstream: Pick<UpstreamClient, 'countMonthlyTokens'>, apiKey: string, signal?: AbortSignalLike): Promise<ApiKeyCheck> {
  try {
    const body = await upstream.countMonthlyTokens({ apiKey, ...(signal === undefined ? {} : { signal }) });
    return { verdict: 'valid', monthlyTokens: parseMonthlyTokenCount(body) };
  } catch (caught) {
    const error = isProxyError(caught) ? caught : new ProxyError('internal_error', 'The proxy failed while asking AskSage about the key.', { cause: caught });
    return { verdict: error.keyVerdict === 'invalid' ? 'invalid' : 'unknown', error };
  }
}
