import { ProxyError, createOpenAIResponsesDialect, deleteStoredResponse, isProxyError, openAIResponsesDialect, retrieveStoredResponse } from '@asksage-proxy/core';
import { createDialectHandler } from './create-dialect-handler';
import type { RouteContext, RouteSpec } from './route-spec';

/**
 * In passthrough mode AskSage's own surface creates responses and the proxy stores none: a lookup that finds nothing
 * says so, instead of suggesting the response expired.
 */
async function explainedForMode<T>(context: RouteContext, lookup: () => Promise<T>): Promise<T> {
  try {
    return await lookup();
  } catch (error) {
    if (context.options.upstreamApi !== 'passthrough' || !isProxyError(error) || error.code !== 'response_not_found') throw error;
    throw new ProxyError(
      'response_not_found',
      `${error.message} This proxy runs with upstream_api: passthrough, where AskSage's own Responses surface creates responses and the proxy keeps none: send the conversation with each request (store: false), or run the proxy with upstream_api: query to use stored responses.`,
      { param: error.param },
    );
  }
}

/**
 * The Responses API rows of the route table (docs/responses-api.md): create through the generic dialect handler, and
 * read or forget a stored response. Like chat, they answer with and without `/v1`.
 */
export const responsesRoutes: readonly RouteSpec[] = [
  {
    method: 'POST',
    path: '/v1/responses',
    mount: ['/v1/responses', '/responses'],
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
    isPublic: false,
    dialect: openAIResponsesDialect,
    handler: (context) => async (request, response) => {
      response.setHeader('Cache-Control', 'no-store');
      response.json(await explainedForMode(context, () => retrieveStoredResponse(context.services.responseStore, String(request.params.id))));
    },
  },
  {
    method: 'DELETE',
    path: '/v1/responses/{response_id}',
    mount: ['/v1/responses/:id', '/responses/:id'],
    isPublic: false,
    dialect: openAIResponsesDialect,
    handler: (context) => async (request, response) => {
      response.json(await explainedForMode(context, () => deleteStoredResponse(context.services.responseStore, String(request.params.id))));
    },
  },
];
