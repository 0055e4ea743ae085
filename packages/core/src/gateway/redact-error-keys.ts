import { isProxyError, ProxyError } from '../errors/proxy-error';
import type { KeyPool } from '../key-pool/key-pool';

/**
 * AskSage's error texts are quoted to clients: one that echoes (part of) a key must not pass it on. Applied once, at
 * the gateway's edge, to everything it throws.
 */
export function redactErrorKeys(error: unknown, keyPool: KeyPool): unknown {
  if (!isProxyError(error)) return error;
  const message = keyPool.redactSecrets(error.message);
  if (message === error.message) return error;
  return new ProxyError(error.code, message, {
    param: error.param,
    isRetryable: error.isRetryable,
    retryAfterSeconds: error.retryAfterSeconds,
    keyVerdict: error.keyVerdict,
  });
}
