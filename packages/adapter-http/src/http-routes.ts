import { openAIChatDialect, openAICompletionsDialect } from '@asksage-proxy/core';
import { anthropicRoutes, createModelHandler, createModelListHandler } from './anthropic-routes';
import { createDialectHandler } from './create-dialect-handler';
import { createMetricsHandler, createStatusJsonHandler, createStatusPageHandler } from './create-operations-handlers';
import { createEmbeddingsHandler } from './create-embeddings-handler';
import { lookupLatestVersion } from './lookup-latest-version';
import { responsesRoutes } from './responses-routes';
import { routePattern } from './route-pattern';
import type { RouteSpec } from './route-spec';

/** A wildcard, not `:id`: model ids may contain '/' (e.g. `meta/llama-3`), and they contain dots (`gpt-4.1`). */
function readModelId(params: unknown): string {
  const segments = (params as { id: string[] | string }).id;
  return Array.isArray(segments) ? segments.join('/') : segments;
}

/**
 * The routes of the proxy, one row each: adding a dialect is a row here plus its module in core. OpenAI routes also
 * answer without `/v1`, because OpenAI clients are configured with base URLs both with and without it.
 */
export const httpRoutes: readonly RouteSpec[] = [
  {
    method: 'POST',
    path: '/v1/chat/completions',
    mount: ['/v1/chat/completions', '/chat/completions'],
    isPublic: false,
    dialect: openAIChatDialect,
    passthrough: 'openai-chat',
    hasBody: true,
    handler: createDialectHandler(openAIChatDialect),
  },
  ...responsesRoutes,
  {
    method: 'POST',
    path: '/v1/completions',
    mount: ['/v1/completions', '/completions'],
    isPublic: false,
    dialect: openAICompletionsDialect,
    hasBody: true,
    handler: createDialectHandler(openAICompletionsDialect),
  },
  {
    method: 'POST',
    path: '/v1/embeddings',
    mount: ['/v1/embeddings', '/embeddings'],
    isPublic: false,
    // Errors in OpenAI's envelope, as for chat.
    dialect: openAIChatDialect,
    hasBody: true,
    handler: createEmbeddingsHandler,
  },
  {
    method: 'GET',
    path: '/v1/models',
    mount: ['/v1/models', '/models'],
    isPublic: false,
    // OpenAI's list shape, or Anthropic's when the request carries `anthropic-version`.
    handler: createModelListHandler,
  },
  {
    method: 'GET',
    path: '/v1/models/{model}',
    mount: ['/v1/models/*id', '/models/*id'],
    isPublic: false,
    handler: createModelHandler(readModelId),
  },
  ...anthropicRoutes,
  {
    method: 'GET',
    path: '/health',
    mount: ['/health'],
    isPublic: true,
    handler: ({ gateway }) => (_request, response) => {
      const report = gateway.health();
      response.setHeader('Cache-Control', 'no-store');
      response.status(report.status === 'unavailable' ? 503 : 200).json(report);
    },
  },
  {
    method: 'GET',
    path: '/version',
    mount: ['/version'],
    isPublic: true,
    handler: ({ version }) => async (_request, response) => {
      const body: Record<string, unknown> = { name: version.name, current: version.current, latest: await lookupLatestVersion(version.latest) };
      if (version.note !== undefined) body.note = version.note;
      response.json(body);
    },
  },
  {
    // Behind proxy_api_keys when set: scrapers send `Authorization: Bearer` (Prometheus `authorization.credentials`).
    method: 'GET',
    path: '/metrics',
    mount: ['/metrics'],
    isPublic: false,
    handler: createMetricsHandler,
  },
  {
    method: 'GET',
    path: '/status.json',
    mount: ['/status.json'],
    isPublic: false,
    handler: createStatusJsonHandler,
  },
  {
    // Public: the page holds no data; its script asks for the proxy key and sends it with its fetches.
    method: 'GET',
    path: '/status',
    mount: ['/status'],
    isPublic: true,
    handler: createStatusPageHandler,
  },
  {
    method: 'GET',
    path: '/',
    mount: ['/'],
    isPublic: true,
    handler: ({ version, routes }) => (_request, response) => {
      response.json({ name: version.name, version: version.current, endpoints: describeRoutes(routes) });
    },
  },
];

/** `GET /v1/models` style lines, for `GET /` and the 404 message. */
export function describeRoutes(routes: readonly RouteSpec[]): string[] {
  return routes.map((route) => `${route.method} ${route.path}`);
}

/** The routes whose path matches, whatever their method. */
export function findRoutes(routes: readonly RouteSpec[], path: string): RouteSpec[] {
  return routes.filter((route) => routePattern(route).test(path));
}

/** The `Allow` header value of a path, or undefined when no route has that path. */
export function allowedMethodsOf(routes: readonly RouteSpec[], path: string): string | undefined {
  const methods = new Set(findRoutes(routes, path).flatMap((route) => (route.method === 'GET' ? ['GET', 'HEAD'] : [route.method])));
  return methods.size === 0 ? undefined : [...methods, 'OPTIONS'].join(', ');
}
