import express from 'express';
import type { Express, Request, RequestHandler, Response } from 'express';
import type { HttpAppDependencies } from './http-app-dependencies';
import { createBodyBudget } from './create-body-budget';
import { createBrowserGuardMiddleware } from './create-browser-guard-middleware';
import { createCorsMiddleware } from './create-cors-middleware';
import { createErrorMiddleware } from './create-error-middleware';
import { createInboundAuthMiddleware } from './create-inbound-auth-middleware';
import { createJsonBodyReader } from './create-json-body-reader';
import { createRequestLogMiddleware } from './create-request-log-middleware';
import { createPassthroughHandler } from './create-passthrough-handler';
import { allowedMethodsOf, describeRoutes, httpRoutes } from './http-routes';
import type { RouteContext, RouteSpec } from './route-spec';
import { HttpRequestError } from './http-request-error';

const defaultHeartbeatIntervalMs = 15_000;
const defaultMaxBodyBytes = 10 * 1024 * 1024;
const defaultMaxInFlightBodyBytes = 128 * 1024 * 1024;

/** Unknown path -> 404 listing what exists; known path, wrong method -> 405 with `Allow`. */
function createUnroutedHandler(routes: readonly RouteSpec[]): RequestHandler {
  const described = describeRoutes(routes).join(', ');
  return (request: Request, response: Response): never => {
    const path = request.path.length > 200 ? `${request.path.slice(0, 200)}…` : request.path;
    const allow = allowedMethodsOf(routes, request.path);
    if (allow !== undefined) {
      response.setHeader('Allow', allow);
      throw new HttpRequestError('method_not_allowed', `${request.method} is not allowed on ${path}; use ${allow}`);
    }
    throw new HttpRequestError('not_found', `no route for ${request.method} ${path}; this proxy serves ${described} (the OpenAI routes also without /v1)`);
  };
}

/**
 * Builds the HTTP API over the gateway, driven by one route table (`httpRoutes` by default): each row is mounted with
 * its handler, and the same rows answer `GET /`, 404/405, inbound auth and the error shape. Never listens: the CLI
 * (or a test) passes the app to `http.createServer`.
 */
export function createHttpApp(deps: HttpAppDependencies): Express {
  const { logger, ids } = deps;
  const routes = deps.routes ?? httpRoutes;
  const options = deps.options ?? {};
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.use(createRequestLogMiddleware(logger, ids, deps.observer === undefined ? undefined : { routes, observer: deps.observer }));
  const proxyApiKeys = options.proxyApiKeys ?? [];
  app.use(
    createBrowserGuardMiddleware({
      // With inbound keys, a page must still present one; without, only this machine's own pages may call.
      allowedOrigins: proxyApiKeys.length > 0 ? 'any' : { loopback: true, origins: options.corsOrigins ?? [] },
      allowedHosts: options.allowedHosts ?? 'any',
    }),
  );
  app.use(createCorsMiddleware(routes));
  app.use(createInboundAuthMiddleware(proxyApiKeys, routes));

  if (options.upstreamApi === 'passthrough' && deps.passthrough === undefined) {
    throw new Error('createHttpApp: options.upstreamApi is passthrough but no passthrough gateway was given.');
  }
  const context: RouteContext = {
    gateway: deps.gateway,
    ...(deps.passthrough === undefined ? {} : { passthrough: deps.passthrough }),
    services: deps.services,
    logger,
    version: deps.version,
    operations: deps.operations ?? {},
    routes,
    options: { ...options, heartbeatIntervalMs: options.heartbeatIntervalMs ?? defaultHeartbeatIntervalMs },
  };
  const readBody = createJsonBodyReader(options.maxBodyBytes ?? defaultMaxBodyBytes, createBodyBudget(options.maxInFlightBodyBytes ?? defaultMaxInFlightBodyBytes));
  for (const route of routes) {
    // Passthrough mode: rows AskSage's compatibility surface can serve go there instead (their dialect renders errors).
    const handler = options.upstreamApi === 'passthrough' && route.passthrough !== undefined && route.dialect !== undefined ? createPassthroughHandler(route.passthrough, route.dialect)(context) : route.handler(context);
    const handlers = route.hasBody === true ? [readBody, handler] : [handler];
    const method = route.method === 'GET' ? 'get' : route.method === 'POST' ? 'post' : 'delete';
    app[method](route.mount, ...handlers);
  }

  app.use(createUnroutedHandler(routes));
  app.use(createErrorMiddleware(logger, routes));
  return app;
}
