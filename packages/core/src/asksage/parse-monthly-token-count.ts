import { ProxyError } from '../errors/proxy-error';
import { classifyUpstreamFailure } from './classify-upstream-failure';
import { readEnvelopeStatus } from './read-envelope-status';
import { readUpstreamErrorText } from './read-upstream-error-text';

/**
 * A `count-monthly-tokens` body -> the AskSage tokens the key used this month. AskSage answers
 * `{"response": 45330, "status": 200}` with an integer (fixtures/asksage/count-monthly-tokens.json); a bad key gets
 * the usual HTTP-200 "Token is invalid" envelope, which throws like `interpretAskSageReply`.
 */
export function parseMonthlyTokenCount(body: unknown): number {
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const status = readEnvelopeStatus(body as Record<string, unknown>);
    if (status !== undefined && status >= 400) throw classifyUpstreamFailure({ status, text: readUpstreamErrorText(body) });
    const count = (body as { response?: unknown }).response;
    // Integers today; a numeric string is accepted because the sibling `tokenizer` route answers with one.
    const value = typeof count === 'string' && /^\d+$/.test(count.trim()) ? Number(count) : count;
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  }
  throw new ProxyError('upstream_bad_response', 'AskSage sent a monthly token count the proxy cannot read.', { isRetryable: true });
}
