import type { Dialect, PassthroughSurface } from '@asksage-proxy/core';
import { ProxyError } from '@asksage-proxy/core';
import type { Request, RequestHandler, Response } from 'express';
import { createRequestContext } from './create-request-context';
import { pipePassthroughStream } from './pipe-passthrough-stream';
import { reportError } from './report-error';
import type { RouteContext } from './route-spec';

/**
 * The handler of a completion route in passthrough mode (`upstream_api: passthrough`): the body goes to AskSage's
 * compatibility surface through the passthrough use case, and the reply comes back as AskSage sent it (JSON with its
 * status, or SSE bytes piped as they arrive). No schema validation here: the surface validates its own dialect, and
 * a stricter check would refuse fields it accepts. Failures before the first byte go to the error middleware, which
 * renders them in the route's dialect.
 */
export function createPassthroughHandler(surface: PassthroughSurface, dialect: Dialect) {
  return (route: RouteContext): RequestHandler => {
    const { logger } = route;
    return async (request: Request, response: Response): Promise<void> => {
      const passthrough = route.passthrough;
      if (passthrough === undefined) throw new ProxyError('internal_error', 'upstream_api is passthrough but no passthrough gateway was wired.');
      const body: unknown = request.body;
      const requestId = String(response.locals.requestId);
      // Anthropic's SDKs report the `request-id` header with every error, as the translated route sends it.
      if (surface === 'anthropic-messages') response.setHeader('request-id', requestId);
      const fields = (body ?? {}) as { model?: unknown; stream?: unknown };
      response.locals.model = fields.model;
      response.locals.stream = fields.stream === true;
      if (logger.isLevelEnabled('debug')) logger.debug(`${dialect.id} passthrough request body`, { requestId, body });
      const outcome = await passthrough.forward(surface, body, { ...createRequestContext(response, requestId), dialect: dialect.id });
      if (outcome.kind === 'stream') {
        await pipePassthroughStream(response, outcome, { dialect, report: (error) => reportError(logger, error, requestId).error });
        return;
      }
      if (response.destroyed) return;
      response.status(outcome.status);
      if (typeof outcome.body === 'string') {
        response.type(outcome.headers['content-type'] ?? 'text/plain').send(outcome.body);
        return;
      }
      response.json(outcome.body);
    };
  };
}
