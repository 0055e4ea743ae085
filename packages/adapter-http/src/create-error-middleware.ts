import { ProxyError, anthropicMessagesDialect, isProxyError, openAIChatDialect } from '@asksage-proxy/core';
import type { Dialect, Logger } from '@asksage-proxy/core';
import type { ErrorRequestHandler, NextFunction, Request, Response } from 'express';
import { isAnthropicClient } from './anthropic-routes';
import { findRoutes } from './http-routes';
import { reportError } from './report-error';
import type { RouteSpec } from './route-spec';

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
 * The dialect whose error body the client parses: the route's own; else, on the routes both kinds of client share
 * (`/v1/models`, unknown paths), Anthropic's for a request carrying `anthropic-version` (the Anthropic SDKs and Claude
 * Code send it on every request and turn only Anthropic-shaped bodies into typed errors); OpenAI's envelope otherwise.
 */
function errorDialectFor(routes: readonly RouteSpec[], request: Request): Dialect {
  const routeDialect = findRoutes(routes, request.path).find((route) => route.dialect !== undefined)?.dialect;
  if (routeDialect !== undefined) return routeDialect;
  return isAnthropicClient(request) ? anthropicMessagesDialect : openAIChatDialect;
}

/**
 * The one error middleware: every rejection of every route lands here (Express 5 forwards async rejections)
 * and leaves in the error shape of the route's dialect, with the status from `httpStatusByErrorCode`.
 */
export function createErrorMiddleware(logger: Logger, routes: readonly RouteSpec[]): ErrorRequestHandler {
  return (error: unknown, request: Request, response: Response, _next: NextFunction): void => {
    const requestId = String(response.locals.requestId ?? 'unknown');
    const dialect = errorDialectFor(routes, request);
    const failure = reportError(logger, toClientError(error), requestId, dialect.id);
    // For the access line (and the observer, for requests refused before the gateway saw them).
    response.locals.errorCode = failure.error.code;
    if (response.headersSent) {
      // Only a bug gets here (streams render their own errors in-band); close what was started.
      if (!response.writableEnded) response.end();
      return;
    }
    // Recorded even when the client is gone, so the request log line shows 499 instead of 200.
    response.status(failure.error.status);
    if (response.destroyed) return;
    if (failure.retryAfterSeconds !== undefined) response.setHeader('Retry-After', String(failure.retryAfterSeconds));
    response.json(dialect.renderError(failure.error));
  };
}
