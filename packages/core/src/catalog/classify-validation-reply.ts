import { isProxyError } from '../errors/proxy-error';
import type { ProxyErrorCode } from '../errors/proxy-error-code';
import { interpretAskSageReply } from '../asksage/interpret-asksage-reply';
import type { ModelValidationStatus } from './model-validation';

const statusByCode: Partial<Record<ProxyErrorCode, ModelValidationStatus>> = {
  upstream_authentication: 'denied',
  model_not_entitled: 'denied',
  model_not_found: 'retired',
};

/**
 * The verdict on one validation query, from its reply body or the error the call rejected with.
 * A pair counts as `ok` only for a real completion: AskSage answers a bad key, a retired model and other
 * failures with HTTP 200 envelopes (protocol doc §1.4, §2.6), which the reference proxy took for successes
 * (§7.6). The envelope rules live in `interpretAskSageReply`; its `ProxyError` codes map to statuses here.
 */
export function classifyValidationReply(bodyOrError: unknown): ModelValidationStatus {
  if (isProxyError(bodyOrError)) return statusByCode[bodyOrError.code] ?? 'error';
  if (bodyOrError instanceof Error) return 'error';
  let reply;
  try {
    reply = interpretAskSageReply(bodyOrError);
  } catch (error) {
    return classifyValidationReply(isProxyError(error) ? error : new Error('unreadable reply'));
  }
  // Belt and braces: the retired-model reply is a `teach` envelope with status 200 (fixture
  // query-retired-model-teach.json); it must never count as a working model.
  if (reply.type === 'teach') return 'retired';
  return typeof reply.message === 'string' && reply.message.trim() !== '' ? 'ok' : 'error';
}
