import { ProxyError, isProxyError } from '@asksage-proxy/core';
import type { Logger } from '@asksage-proxy/core';
import type { ErrorRequestHandler, NextFunction, Request, Response } from 'express';
import { reportError } from './report-error';

/**
 * Express's own 4xx errors (http-errors, e.g. a path with broken percent-encoding) are the client's mistake, not
 * bugs: they become `invalid_request` instead of a 500.
 */
function toClientError(error: unknown): unknown {
  if (isProxyError(error) || typeof error !== 'object' || error === null) return error;
  const { status, expose, message } = error as { status?: unknown; expose?: unknown; message?: unknown };
  if (typeof status !== 'number' || status < 400 || status >= 500) return error;
  const text = expose === true && typeof message === 'string' ? message.slice(0, 200) : 'the request could not be understood';
  return new ProxyError('invalid_request', `${text}; check the URL and headers of the request`, { cause: error });
}

/**
 * The one error middleware: every rejection of every route lands here (Express 5 forwards async rejections)
 * and leaves as an OpenAI error envelope with the status from `httpStatusByErrorCode`.
 */
export function createErrorMiddleware(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _request: Request, response: Response, _next: NextFunction): void => {
    const requestId = String(response.locals.requestId ?? 'unknown');
    const rendered = reportError(logger, toClientError(error), requestId);
    if (response.headersSent) {
      // Only a bug gets here (streams render their own errors in-band); close what was started.
      if (!response.writableEnded) response.end();
      return;
    }
    // Recorded even when the client is gone, so the request log line shows 499 instead of 200.
    response.status(rendered.status);
    if (response.destroyed) return;
    if (rendered.retryAfterSeconds !== undefined) response.setHeader('Retry-After', String(rendered.retryAfterSeconds));
    response.json(rendered.envelope);
  };
}
