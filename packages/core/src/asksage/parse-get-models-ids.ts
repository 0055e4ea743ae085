import { ProxyError } from '../errors/proxy-error';
import { classifyUpstreamFailure } from './classify-upstream-failure';
import { readEnvelopeStatus } from './read-envelope-status';
import { readUpstreamErrorText } from './read-upstream-error-text';

function readId(entry: unknown): string | undefined {
  if (typeof entry === 'string') return entry;
  if (entry && typeof entry === 'object' && typeof (entry as { id?: unknown }).id === 'string') return (entry as { id: string }).id;
  return undefined;
}

function findList(body: unknown): unknown[] | undefined {
  if (Array.isArray(body)) return body;
  if (!body || typeof body !== 'object') return undefined;
  const { response, data } = body as { response?: unknown; data?: unknown };
  if (Array.isArray(response)) return response;
  if (Array.isArray(data)) return data;
  return undefined;
}

function badResponse(): ProxyError {
  return new ProxyError('upstream_bad_response', 'AskSage sent a model list the proxy cannot read.', { isRetryable: true, keyVerdict: 'failure' });
}

/**
 * A get-models body -> model ids, deduplicated, in AskSage's order. Tenants answer with `{response: [ids]}` and
 * `{data: [{id}]}` together, a bare array of objects (`format=full` on chat.asksage.ai) or of strings
 * (protocol doc §4.1). An error envelope throws like interpretAskSageReply.
 */
export function parseGetModelsIds(body: unknown): string[] {
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const status = readEnvelopeStatus(body as Record<string, unknown>);
    if (status !== undefined && status >= 400) throw classifyUpstreamFailure({ status, text: readUpstreamErrorText(body) });
  }
  const list = findList(body);
  if (!list) throw badResponse();
  const ids = list.map(readId).filter((id): id is string => id !== undefined && id !== '');
  // An empty list is a real answer (an account entitled to nothing); a list of unreadable entries is not.
  if (ids.length === 0 && list.length > 0) throw badResponse();
  return [...new Set(ids)];
}
