import { runDialectRequest } from '@asksage-proxy/core';
import type { Dialect } from '@asksage-proxy/core';
import type { Request, RequestHandler, Response } from 'express';
import { createDialectRequestValidator } from './create-dialect-request-validator';
import { createRequestContext } from './create-request-context';
import { reportError } from './report-error';
import { sendJson } from './send-json';
import type { RouteContext } from './route-spec';
import { writeSseStream } from './write-sse-stream';

/**
 * The one handler of every completion route: validate against the dialect's schema, run the dialect over the gateway,
 * write JSON or SSE frames. Failures before the first byte propagate to the error middleware (which renders the
 * route's dialect); failures inside a stream are rendered in-band by the dialect.
 */
export function createDialectHandler(dialect: Dialect) {
  return (route: RouteContext): RequestHandler => {
    const validate = createDialectRequestValidator(dialect);
    const { gateway, services, logger, options } = route;
    return async (request: Request, response: Response): Promise<void> => {
      const body: unknown = request.body;
      validate(body);
      const requestId = String(response.locals.requestId);
      const fields = body as { model?: unknown; stream?: unknown };
      response.locals.model = fields.model;
      response.locals.stream = fields.stream === true;
      // Bodies carry prompts: debug only (the logger adapter redacts anything key-shaped as a last defence).
      if (logger.isLevelEnabled('debug')) logger.debug(`${dialect.id} request body`, { requestId, body });
      const context = createRequestContext(response, requestId);
      const reply = dialect.run ? await dialect.run(gateway, body, context, services) : await runDialectRequest(gateway, dialect, body, context, services);
      if (reply.kind === 'stream') {
        await writeSseStream(response, reply.frames, {
          framing: dialect.framing,
          heartbeatIntervalMs: options.heartbeatIntervalMs,
          renderError: (error) => dialect.renderStreamError(reportError(logger, error, requestId, dialect.id).error),
        });
        return;
      }
      if (logger.isLevelEnabled('debug')) logger.debug(`${dialect.id} response body`, { requestId, body: reply.body });
      if (!response.destroyed) sendJson(response, reply.body);
    };
  };
}
