import { isProxyError } from '../../errors/proxy-error';
import type { ProxyErrorCode } from '../../errors/proxy-error-code';
import type { ResponseError } from './responses-wire-types';

// The spec's ResponseErrorCode is a closed list; these three are the ones a proxy failure can honestly be.
const rateLimited = new Set<ProxyErrorCode>(['upstream_rate_limited', 'quota_exceeded', 'no_healthy_key', 'model_overloaded']);
const invalidPrompt = new Set<ProxyErrorCode>(['invalid_request', 'unsupported_content', 'unsupported_parameter']);

/** A failure during a stream -> the `error` of a `response.failed` response. Messages of unknown errors stay in the log. */
export function describeResponseFailure(error: unknown): ResponseError {
  if (!isProxyError(error)) return { code: 'server_error', message: 'The proxy failed while streaming this response; its log has the details.' };
  if (rateLimited.has(error.code)) return { code: 'rate_limit_exceeded', message: error.message };
  if (invalidPrompt.has(error.code)) return { code: 'invalid_prompt', message: error.message };
  return { code: 'server_error', message: error.message };
}
