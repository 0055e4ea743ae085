import {
  anthropicMessagesDialect,
  normalizeAnthropicModelName,
  renderAnthropicModel,
  renderAnthropicModelList,
  renderOpenAIModel,
  renderOpenAIModelList,
} from '@asksage-proxy/core';
import type { AnthropicMessageCreateParams, ModelInfo } from '@asksage-proxy/core';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { createDialectHandler } from './create-dialect-handler';
import { createDialectRequestValidator } from './create-dialect-request-validator';
import type { RouteContext, RouteSpec } from './route-spec';

/**
 * Anthropic's request id header: its SDKs put it on every error (`requestID`) and Claude Code prints it when a
 * request fails, so support can find the log line. The proxy's own id, the same as `x-request-id`.
 */
function withRequestIdHeader(handler: RequestHandler): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    response.setHeader('request-id', String(response.locals.requestId));
    return handler(request, response, next);
  };
}

/** `POST /v1/messages/count_tokens`: the same body as a message, counted offline; the model must be one served. */
function createCountTokensHandler({ gateway, services }: RouteContext): RequestHandler {
  const validate = createDialectRequestValidator(anthropicMessagesDialect);
  return async (request: Request, response: Response): Promise<void> => {
    validate(request.body);
    const parsed = await anthropicMessagesDialect.parseRequest(request.body as AnthropicMessageCreateParams, services);
    response.locals.model = parsed.model;
    // Resolves aliases and entitlement, so an unknown model is a 404 here as it would be on /v1/messages.
    const model = gateway.retrieveModel(parsed.model);
    response.json({ input_tokens: gateway.countInputTokens({ model: model.id, conversation: parsed.conversation }) });
  };
}

/**
 * Anthropic clients send `anthropic-version` on every request (the SDKs always do): on the shared models routes it
 * selects Anthropic's shape, which Claude Code's gateway model discovery parses.
 */
export function isAnthropicClient(request: Request): boolean {
  return typeof request.headers['anthropic-version'] === 'string';
}

/** `GET /v1/models`: OpenAI's list, or Anthropic's with `anthropic-version` (chat models only: /v1/messages takes no others). */
export function createModelListHandler({ gateway }: RouteContext): RequestHandler {
  return (request, response) => {
    const models: ModelInfo[] = gateway.listModels();
    response.json(isAnthropicClient(request) ? renderAnthropicModelList(models.filter((model) => model.type === 'chat')) : renderOpenAIModelList(models));
  };
}

/** `GET /v1/models/{id}`: one model, in the shape the client speaks; Anthropic names resolve as on /v1/messages. */
export function createModelHandler(readModelId: (params: unknown) => string): (context: RouteContext) => RequestHandler {
  return ({ gateway }) => (request, response) => {
    const id = readModelId(request.params);
    if (!isAnthropicClient(request)) {
      response.json(renderOpenAIModel(gateway.retrieveModel(id)));
      return;
    }
    response.json(renderAnthropicModel(gateway.retrieveModel(normalizeAnthropicModelName(id))));
  };
}

/**
 * The Anthropic Messages rows of the route table (docs/anthropic-messages.md). Only under `/v1`: Anthropic clients
 * take the base URL without it and always add it. The path matches whatever the query says (Claude Code calls
 * `/v1/messages?beta=true`). Inbound auth takes `x-api-key` as well as a Bearer token on every route.
 */
export const anthropicRoutes: readonly RouteSpec[] = [
  {
    method: 'POST',
    path: '/v1/messages',
    mount: ['/v1/messages'],
    isPublic: false,
    dialect: anthropicMessagesDialect,
    passthrough: 'anthropic-messages',
    hasBody: true,
    handler: (context) => withRequestIdHeader(createDialectHandler(anthropicMessagesDialect)(context)),
  },
  {
    method: 'POST',
    path: '/v1/messages/count_tokens',
    mount: ['/v1/messages/count_tokens'],
    isPublic: false,
    dialect: anthropicMessagesDialect,
    hasBody: true,
    handler: (context) => withRequestIdHeader(createCountTokensHandler(context)),
  },
];
