import { ProxyError } from '../errors/proxy-error';
import type { AskSageQueryResponse } from '../types/asksage';
import { classifyUpstreamFailure } from './classify-upstream-failure';
import { readEnvelopeStatus } from './read-envelope-status';
import { readUpstreamErrorText } from './read-upstream-error-text';

// Service notices AskSage sends as a normal-looking completion (status 200): the retired-model reply
// ("Sorry, this model is no longer available…", type "teach") and "Sorry, the model is overloaded, please try
// again in a few seconds." (protocol doc §2.6). A status-200 reply is a model's answer unless it *is* one of these
// short templates, matched from its first word: an answer that merely mentions "Token is invalid", a quota or an
// authorization must stay an answer, or one user's prompt would take every key out of the pool.
const noticeMaximumLength = 300;
const noticeTemplates = [
  /^token is invalid(?:\s*\[\d+\])?\.?$/i,
  /^sorry,? this model is no longer available\b/i,
  /^sorry,? the model is overloaded\b/i,
  /^(?:sorry,? )?you are not authori[sz]ed to use (?:the |this )?model\b/i,
];

function isServiceNotice(text: string, type: unknown): boolean {
  if (text === '' || text.length > noticeMaximumLength) return false;
  if (type === 'teach' && /no longer available/i.test(text)) return true;
  return noticeTemplates.some((template) => template.test(text));
}

function findServiceNotice(reply: Record<string, unknown>): string | undefined {
  // `response` is "OK" on success; when it holds other words they are AskSage's, like `message`.
  const candidates = [reply.message, reply.response === 'OK' ? undefined : reply.response];
  return candidates
    .map((candidate) => (typeof candidate === 'string' ? candidate.trim() : ''))
    .find((text) => isServiceNotice(text, reply.type));
}

function hasToolCalls(reply: Record<string, unknown>): boolean {
  return [reply.tool_calls, reply.tool_calls_unified].some((calls) => Array.isArray(calls) && calls.length > 0);
}

function isEmptyError(error: unknown): boolean {
  if (error === undefined || error === null || error === '' || error === false) return true;
  return typeof error === 'object' && Object.keys(error).length === 0;
}

/**
 * Checks an HTTP-2xx `/query` body. Returns it typed when it is a real completion; throws `ProxyError` for the
 * HTTP-200 error envelopes AskSage uses instead of HTTP errors ("Token is invalid [2]" with status 400, the
 * retired-model "teach" reply, "model is overloaded"), and `upstream_bad_response` for anything unreadable.
 */
export function interpretAskSageReply(body: unknown): AskSageQueryResponse {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new ProxyError('upstream_bad_response', 'AskSage sent a reply that is not a JSON object.', { isRetryable: true, keyVerdict: 'failure' });
  }
  const reply = body as Record<string, unknown>;
  const status = readEnvelopeStatus(reply) ?? 200;
  if (status >= 400) {
    throw classifyUpstreamFailure({ status, text: readUpstreamErrorText(reply) });
  }
  const notice = findServiceNotice(reply);
  if (notice !== undefined) {
    throw classifyUpstreamFailure({ status, text: readUpstreamErrorText(notice) });
  }
  const hasText = typeof reply.message === 'string' || (typeof reply.response === 'string' && reply.response !== 'OK');
  if (!hasText && !hasToolCalls(reply)) {
    // The 2026 envelope's `error` is a "machine-readable model-rejection descriptor" (protocol doc §2.6).
    if (!isEmptyError(reply.error)) {
      const text = readUpstreamErrorText(typeof reply.error === 'string' ? reply.error : JSON.stringify(reply.error));
      throw classifyUpstreamFailure({ status: 400, text });
    }
    throw new ProxyError('upstream_bad_response', 'AskSage sent a reply with neither text nor tool calls.', { isRetryable: true, keyVerdict: 'failure' });
  }
  return reply as AskSageQueryResponse;
}
