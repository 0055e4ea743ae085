import { embeddingsRequestSchema, runEmbeddingsRequest } from '@asksage-proxy/core';
import type { EmbeddingCreateParams } from '@asksage-proxy/core';
import type { Request, RequestHandler, Response } from 'express';
import { createDialectRequestValidator } from './create-dialect-request-validator';
import { createRequestContext } from './create-request-context';
import type { RouteContext } from './route-spec';

/** `POST /v1/embeddings`: validate, run the embeddings use case over the gateway, answer JSON. */
export function createEmbeddingsHandler(route: RouteContext): RequestHandler {
  const validate = createDialectRequestValidator({ id: 'openai-embeddings', requestSchema: embeddingsRequestSchema });
  return async (request: Request, response: Response): Promise<void> => {
    const body: unknown = request.body;
    validate(body);
    const params = body as EmbeddingCreateParams;
    response.locals.model = params.model;
    const requestId = String(response.locals.requestId);
    const embeddings = await runEmbeddingsRequest(route.gateway, params, createRequestContext(response, requestId));
    if (!response.destroyed) response.json(embeddings);
  };
}
