import express from 'express';
import type { Express, Request, Response } from 'express';
import { ProxyError } from '@asksage-proxy/core';
import type { HttpAppDependencies } from './http-app-dependencies';
import { createBodyBudget } from './create-body-budget';
import { createBrowserGuardMiddleware } from './create-browser-guard-middleware';
import { createChatCompletionRequestValidator } from './create-chat-completion-request-validator';
import { createChatCompletionsHandler } from './create-chat-completions-handler';
import { createCorsMiddleware } from './create-cors-middleware';
import { createErrorMiddleware } from './create-error-middleware';
import { createInboundAuthMiddleware } from './create-inbound-auth-middleware';
import { createJsonBodyReader } from './create-json-body-reader';
import { createRequestLogMiddleware } from './create-request-log-middleware';
import { allowedMethodsOf, endpointDescriptions } from './http-endpoints';
import { lookupLatestVersion } from './lookup-latest-version';

const defaultHeartbeatIntervalMs = 15_000;
const defaultMaxBodyBytes = 10 * 1024 * 1024;
const defaultMaxInFlightBodyBytes = 128 * 1024 * 1024;

/** Unknown path -> 404 listing what exists; known path, wrong method -> 405 with `Allow`. */
function rejectUnroutedRequest(request: Request, response: Response): never {
  const path = request.path.length > 200 ? `${request.path.slice(0, 200)}…` : request.path;
  const allow = allowedMethodsOf(request.path);
  if (allow !== undefined) {
    response.setHeader('Allow', allow);
    throw new ProxyError('method_not_allowed', `${request.method} is not allowed on ${path}; use ${allow}`);
  }
  throw new ProxyError('not_found', `no route for ${request.method} ${path}; this proxy serves ${endpointDescriptions.join(', ')} (chat and models also without /v1)`);
}

/**
 * Builds the OpenAI-compatible HTTP API over a `ProxyService`. Never listens: the CLI (or a test) passes the app
 * to `http.createServer`. Routes answer with and without the `/v1` prefix for chat and models.
 */
export function createHttpApp(deps: HttpAppDependencies): Express {
  const { service, logger, ids, version } = deps;
  const options = deps.options ?? {};
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.use(createRequestLogMiddleware(logger, ids));
  const proxyApiKeys = options.proxyApiKeys ?? [];
  app.use(
    createBrowserGuardMiddleware({
      // With inbound keys, a page must still present one; without, only this machine's own pages may call.
      allowedOrigins: proxyApiKeys.length > 0 ? 'any' : { loopback: true, origins: options.corsOrigins ?? [] },
      allowedHosts: options.allowedHosts ?? 'any',
    }),
  );
  app.use(createCorsMiddleware());
  app.use(createInboundAuthMiddleware(proxyApiKeys));

  app.post(
    ['/v1/chat/completions', '/chat/completions'],
    createJsonBodyReader(options.maxBodyBytes ?? defaultMaxBodyBytes, createBodyBudget(options.maxInFlightBodyBytes ?? defaultMaxInFlightBodyBytes)),
    createChatCompletionsHandler({
      service,
      logger,
      validate: createChatCompletionRequestValidator(),
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? defaultHeartbeatIntervalMs,
    }),
  );
  app.get(['/v1/models', '/models'], (_request, response) => {
    response.json(service.listModels());
  });
  // A wildcard, not `:id`: model ids may contain '/' (e.g. `meta/llama-3`), and they contain dots (`gpt-4.1`).
  app.get(['/v1/models/*id', '/models/*id'], (request, response) => {
    const segments = (request.params as { id: string[] | string }).id;
    response.json(service.retrieveModel(Array.isArray(segments) ? segments.join('/') : segments));
  });
  app.get('/health', (_request, response) => {
    const report = service.health();
    response.setHeader('Cache-Control', 'no-store');
    response.status(report.status === 'unavailable' ? 503 : 200).json(report);
  });
  app.get('/version', async (_request, response) => {
    response.json({ name: version.name, current: version.current, latest: await lookupLatestVersion(version.latest) });
  });
  app.get('/', (_request, response) => {
    response.json({ name: version.name, version: version.current, endpoints: endpointDescriptions });
  });

  app.use(rejectUnroutedRequest);
  app.use(createErrorMiddleware(logger));
  return app;
}
