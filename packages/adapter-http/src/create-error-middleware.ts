import type { Logger } from '@asksage-proxy/core';
import type { ErrorRequestHandler, NextFunction, Request, Response } from 'express';
import { reportError } from './report-error';

/**
 * The one error middleware: every rejection of every route lands here (Express 5 forwards async rejections)
 * and leaves as an OpenAI error envelope with the status from `httpStatusByErrorCode`.
 */
export function createErrorMiddleware(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _request: Request, response: Response, _next: NextFunction): void => {
    const requestId = String(response.locals.requestId ?? 'unknown');
    const rendered = reportError(logger, error, requestId);
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
