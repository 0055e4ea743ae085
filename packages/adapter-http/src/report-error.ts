import type { Logger } from '@asksage-proxy/core';
import { renderOpenAIError } from './render-openai-error';
import type { RenderedOpenAIError } from './render-openai-error';

/**
 * Renders a failure for the client and logs it: bugs at error level with their stack (the client only gets
 * the request id), upstream/server failures at warn, the client's own mistakes at debug (the request line
 * already records their status).
 */
export function reportError(logger: Logger, error: unknown, requestId: string): RenderedOpenAIError {
  const rendered = renderOpenAIError(error, requestId);
  if (!rendered.isExpected) {
    logger.error('unexpected error while handling a request', {
      requestId,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  } else if (rendered.status >= 500) {
    // `detail`, not `message`: logger adapters use `message` for the line itself.
    logger.warn('request failed', { requestId, code: rendered.envelope.error.code, detail: rendered.envelope.error.message });
  } else if (logger.isLevelEnabled('debug')) {
    logger.debug('request rejected', { requestId, code: rendered.envelope.error.code, detail: rendered.envelope.error.message, param: rendered.envelope.error.param });
  }
  return rendered;
}
