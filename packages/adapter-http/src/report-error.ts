import type { Logger } from '@asksage-proxy/core';
import { toRenderableError } from './to-renderable-error';
import type { HttpFailure } from './to-renderable-error';

/**
 * Turns a failure into what the client is told and logs it: bugs at error level with their stack (the client only
 * gets the request id), upstream/server failures at warn, the client's own mistakes at debug (the request line
 * already records their status).
 */
export function reportError(logger: Logger, error: unknown, requestId: string, dialectId?: string): HttpFailure {
  const failure = toRenderableError(error, requestId, dialectId);
  const { code, message, param, status } = failure.error;
  if (!failure.isExpected) {
    logger.error('unexpected error while handling a request', {
      requestId,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  } else if (status >= 500) {
    // `detail`, not `message`: logger adapters use `message` for the line itself.
    logger.warn('request failed', { requestId, code, detail: message });
  } else if (logger.isLevelEnabled('debug')) {
    logger.debug('request rejected', { requestId, code, detail: message, param });
  }
  return failure;
}
