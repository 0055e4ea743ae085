import { classifyUpstreamFailure } from '../asksage/classify-upstream-failure';
import { createUpstreamHttpError } from '../asksage/create-upstream-http-error';
import { readEnvelopeStatus } from '../asksage/read-envelope-status';
import { readUpstreamErrorText } from '../asksage/read-upstream-error-text';
import { ProxyError } from '../errors/proxy-error';
import type { PassthroughSurface } from '../ports/passthrough-client';

/**
 * AskSage's own envelope (`{"response": "...", "status": 400}`), which every compatibility surface sends with HTTP 200
 * for a bad key (fixtures openai-compat-token-invalid-2.json and token-invalid-2.json). Told apart from the surfaces'
 * bodies by a numeric `status` beside `response`: an OpenAI Responses object has `status: "completed"`, chat
 * completions and Anthropic messages have no `status`.
 */
export function isAskSageEnvelope(body: unknown): body is Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return false;
  const record = body as Record<string, unknown>;
  return 'response' in record && readEnvelopeStatus(record) !== undefined;
}

/**
 * One reply of a compatibility surface -> the `ProxyError` it stands for, or undefined when the reply goes to the
 * client as it is. Errors are: an HTTP-200 AskSage envelope with status >= 400 (a bad key fails over to the next key),
 * and non-2xx replies another key or a later try may fix (401, 429, 5xx: failover before the first byte). The
 * surfaces' other 4xx bodies (unknown model, bad parameter) are already in the client's dialect and pass through.
 * The Anthropic surface's 502 "Provider request failed" means a request shape it refuses (FINDINGS: unknown field,
 * no `max_tokens`, no `messages`): not retried, since no key can fix it.
 */
export function readPassthroughFailure(surface: PassthroughSurface, status: number, body: unknown, retryAfter: string | undefined): ProxyError | undefined {
  if (status >= 200 && status <= 299) {
    if (!isAskSageEnvelope(body)) return undefined;
    const envelopeStatus = readEnvelopeStatus(body) ?? 200;
    return envelopeStatus >= 400 ? classifyUpstreamFailure({ status: envelopeStatus, text: readUpstreamErrorText(body) }) : undefined;
  }
  const text = readUpstreamErrorText(body);
  if (surface === 'anthropic-messages' && status === 502 && /provider request failed/i.test(text)) {
    return new ProxyError(
      'upstream_error',
      'AskSage\'s Anthropic surface refused the request shape (HTTP 502 "Provider request failed"); it answers so to a missing ' +
        '`messages`, a missing `max_tokens` or an unknown top-level field.',
    );
  }
  const error = createUpstreamHttpError(status, body, retryAfter ?? null);
  return error.isRetryable ? error : undefined;
}
