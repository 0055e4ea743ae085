import { createOpenAIResponsesDialect, deleteStoredResponse, openAIResponsesDialect, retrieveStoredResponse } from '@asksage-proxy/core';
import { createDialectHandler } from './create-dialect-handler';
import type { RouteSpec } from './route-spec';

/**
 * The Responses API rows of the route table (docs/responses-api.md): create through the generic dialect handler, and
 * read or forget a stored response. Like chat, they answer with and without `/v1`.
 */
export const responsesRoutes: readonly RouteSpec[] = [
  {
    method: 'POST',
    path: '/v1/responses',
    mount: ['/v1/responses', '/responses'],
    pattern: /^(?:\/v1)?\/responses\/?$/i,
    isPublic: false,
    dialect: openAIResponsesDialect,
    // With `upstream_api: passthrough`, AskSage's own /openai/v1/responses answers it as it is.
    passthrough: 'openai-responses',
    hasBody: true,
    // A dialect per app, so dropped hosted tools are reported once through this app's logger.
    handler: (context) => createDialectHandler(createOpenAIResponsesDialect({ logger: context.logger }))(context),
  },
  {
    method: 'GET',
    path: '/v1/responses/{response_id}',
    mount: ['/v1/responses/:id', '/responses/:id'],
    pattern: /^(?:\/v1)?\/responses\/[^/]+\/?$/i,
    isPublic: false,
    dialect: openAIResponsesDialect,
    handler: ({ services }) => async (request, response) => {
      response.setHeader('Cache-Control', 'no-store');
      response.json(await retrieveStoredResponse(services.responseStore, String(request.params.id)));
    },
  },
  {
    method: 'DELETE',
    path: '/v1/responses/{response_id}',
    mount: ['/v1/responses/:id', '/responses/:id'],
    pattern: /^(?:\/v1)?\/responses\/[^/]+\/?$/i,
    isPublic: false,
    dialect: openAIResponsesDialect,
    handler: ({ services }) => async (request, response) => {
      response.json(await deleteStoredResponse(services.responseStore, String(request.params.id)));
    },
  },
];
