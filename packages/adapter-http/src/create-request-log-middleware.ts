import { performance } from 'node:perf_hooks';
import type { IdGenerator, Logger, ProxyObserver, RequestSummary } from '@asksage-proxy/core';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { findRoutes } from './http-routes';
import type { RouteSpec } from './route-spec';

/** Where requests refused before they reached the gateway are reported: the route table and the observer. */
export interface EarlyRejectionReporting {
  routes: readonly RouteSpec[];
  observer: ProxyObserver;
}

/**
 * A completion request the HTTP layer refused before the gateway saw it (malformed body, too large, wrong proxy key):
 * the gateway reports every request it sees, so these are reported here, once, to the same observer (metrics and the
 * status page count every client request, not only those that got as far as a key).
 */
function reportEarlyRejection(reporting: EarlyRejectionReporting, request: Request, response: Response, requestId: string, status: number, durationMs: number): void {
  if (request.method !== 'POST' || status < 400) return;
  const dialect = findRoutes(reporting.routes, request.path).find((route) => route.dialect !== undefined && route.method === 'POST')?.dialect;
  if (dialect === undefined) return;
  reporting.observer.requestFinished({
    requestId,
    dialect: dialect.id,
    requestedModel: typeof response.locals.model === 'string' ? response.locals.model : 'unknown',
    stream: response.locals.stream === true,
    outcome: status === 499 ? 'aborted' : 'error',
    code: typeof response.locals.errorCode === 'string' ? response.locals.errorCode : 'invalid_request',
    attempts: 0,
    durationMs,
  });
}

/**
 * Gives each request its id (`x-request-id`, also the id quoted in 500 messages) and logs one line when it ends:
 * method, path, status, duration, model, stream flag, and from the gateway the key's name, attempts, error code and
 * tokens. Never headers or bodies at info: they carry keys and prompts.
 */
export function createRequestLogMiddleware(logger: Logger, ids: IdGenerator, earlyRejections?: EarlyRejectionReporting): RequestHandler {
  return (request: Request, response: Response, next: NextFunction): void => {
    const startedAt = performance.now();
    const requestId = ids.next('req_');
    response.locals.requestId = requestId;
    response.setHeader('x-request-id', requestId);
    response.once('close', () => {
      const fields: Record<string, unknown> = {
        requestId,
        method: request.method,
        path: request.path,
        status: response.writableFinished ? response.statusCode : 499,
        durationMs: Math.round(performance.now() - startedAt),
      };
      if (response.locals.model !== undefined) fields.model = response.locals.model;
      if (response.locals.stream !== undefined) fields.stream = response.locals.stream;
      const summary = response.locals.summary as RequestSummary | undefined;
      if (summary !== undefined) {
        if (summary.key !== undefined) fields.key = summary.key;
        if (summary.attempts > 1) fields.attempts = summary.attempts;
        if (summary.code !== undefined) fields.code = summary.code;
        if (summary.inputTokens !== undefined) fields.inputTokens = summary.inputTokens;
        if (summary.outputTokens !== undefined) fields.outputTokens = summary.outputTokens;
      } else if (typeof response.locals.errorCode === 'string') fields.code = response.locals.errorCode;
      if (summary === undefined && earlyRejections !== undefined) reportEarlyRejection(earlyRejections, request, response, requestId, fields.status as number, fields.durationMs as number);
      if (!response.writableFinished) fields.clientClosed = true;
      // Claude Code names its session on every request: with it, one session's requests can be found in the log.
      const session = request.headers['x-claude-code-session-id'];
      if (typeof session === 'string' && session !== '') fields.claudeCodeSession = session.slice(0, 100);
      if (logger.isLevelEnabled('debug')) fields.userAgent = request.headers['user-agent'];
      logger.info(`${request.method} ${request.path} ${String(fields.status)}`, fields);
    });
    next();
  };
}
