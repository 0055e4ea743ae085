import type { ProxyService, Logger } from '@asksage-proxy/core';
import type { Request, RequestHandler, Response } from 'express';
import type { ChatCompletionRequestValidator } from './create-chat-completion-request-validator';
import { createRequestContext } from './create-request-context';
import { reportError } from './report-error';
import { writeChatCompletionStream } from './write-chat-completion-stream';

/** Options of `createChatCompletionsHandler`. */
export interface ChatCompletionsHandlerOptions {
  service: ProxyService;
  logger: Logger;
  validate: ChatCompletionRequestValidator;
  heartbeatIntervalMs: number;
}

/**
 * `POST /v1/chat/completions`: validate, call the service once, serialize (JSON or SSE). Failures before the
 * first byte propagate to the error middleware; failures inside a stream are rendered in-band.
 */
export function createChatCompletionsHandler(options: ChatCompletionsHandlerOptions): RequestHandler {
  const { service, logger, validate, heartbeatIntervalMs } = options;
  return async (request: Request, response: Response): Promise<void> => {
    const params = validate(request.body);
    response.locals.model = params.model;
    response.locals.stream = params.stream === true;
    const requestId = String(response.locals.requestId);
    const context = createRequestContext(response, requestId);
    // Bodies carry prompts: debug only (the logger adapter redacts anything key-shaped as a last defence).
    if (logger.isLevelEnabled('debug')) logger.debug('chat request body', { requestId, body: params });
    if (params.stream === true) {
      const chunks = await service.streamChatCompletion(params, context);
      await writeChatCompletionStream(response, chunks, {
        heartbeatIntervalMs,
        renderError: (error) => reportError(logger, error, requestId).envelope,
      });
      return;
    }
    const completion = await service.createChatCompletion(params, context);
    if (logger.isLevelEnabled('debug')) logger.debug('chat response body', { requestId, body: completion });
    if (!response.destroyed) response.json(completion);
  };
}
