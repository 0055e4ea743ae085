import { ProxyError, isProxyError } from '../errors/proxy-error';

/** AskSage's "Token is invalid" reaches the client naming the key (by name), so the operator knows which to fix. */
export function nameRejectedKey(error: unknown, keyName: string): unknown {
  if (!isProxyError(error) || error.code !== 'upstream_authentication') return error;
  return new ProxyError(error.code, error.message.replace('the API key used for this request', `the API key "${keyName}"`), {
    param: error.param,
    isRetryable: error.isRetryable,
    retryAfterSeconds: error.retryAfterSeconds,
    keyVerdict: error.keyVerdict,
  });
}
