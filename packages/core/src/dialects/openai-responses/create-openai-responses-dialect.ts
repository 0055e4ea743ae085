import { silentLogger } from '../../ports/logger';
import type { Logger } from '../../ports/logger';
import type { Dialect, RenderableError, SseFrame } from '../dialect';
import { renderOpenAIError } from '../openai-chat/render-openai-error';
import { parseResponsesRequest } from './parse-responses-request';
import { renderResponseResult } from './render-response-result';
import { renderResponsesStream } from './render-responses-stream';
import { responseIdPrefix } from './response-item-ids';
import { responsesRequestSchema } from './responses-request-schema';
import type { ResponseCreateParams } from './responses-wire-types';
import type { ResponsesRequestOptions } from './responses-request-options';
import { keepNothingStore } from './keep-nothing-store';
import { storeResponse } from './store-response';

/** Options of `createOpenAIResponsesDialect`. */
export interface OpenAIResponsesDialectOptions {
  /** Where dropped hosted tools and input items are reported. */
  logger?: Logger;
}

/**
 * The OpenAI Responses API (`POST /v1/responses`) as a dialect: what Codex CLI, the OpenAI Agents SDK and the Vercel
 * AI SDK's default provider speak. State (`store`, `previous_response_id`, `item_reference`) lives in the
 * `ResponseStore` the services carry. docs/responses-api.md says what is supported.
 */
export function createOpenAIResponsesDialect(options: OpenAIResponsesDialectOptions = {}): Dialect<ResponseCreateParams, ResponsesRequestOptions> {
  const logger = options.logger ?? silentLogger;
  // Codex sends `web_search` and `reasoning` items on every turn: say it once per kind, then only at debug level.
  const reported = new Set<string>();
  function reportDropped(kind: 'tool' | 'input item', types: string[]): void {
    for (const type of new Set(types)) {
      const key = `${kind}:${type}`;
      const message = kind === 'tool' ? `Responses API: dropping the hosted tool "${type}": it cannot run behind AskSage` : `Responses API: dropping "${type}" input items: AskSage has no use for them`;
      if (reported.has(key)) {
        if (logger.isLevelEnabled('debug')) logger.debug(message, { type });
      } else {
        reported.add(key);
        logger.info(`${message} (reported once; later ones at debug level)`, { type });
      }
    }
  }

  return {
    id: 'openai-responses',
    requestSchema: responsesRequestSchema,
    idPrefix: responseIdPrefix,
    // Codex, the Agents SDK and the Vercel AI SDK read `event:` lines and skip SSE comments; no terminator (no [DONE]).
    framing: { heartbeat: { comment: 'keep-alive' } },

    async parseRequest(body, services) {
      const parsed = await parseResponsesRequest(body, services);
      reportDropped('tool', parsed.droppedTools);
      reportDropped('input item', parsed.droppedItems);
      return parsed.request;
    },

    renderResult(result, meta, request, services) {
      const response = renderResponseResult(result, meta, request.options, services.clock.now());
      return storeResponse(services.responseStore ?? keepNothingStore, response, request.options, services.clock.now()).then(() => response);
    },

    renderStream(events, meta, request, services) {
      return renderResponsesStream(events, meta, request.options, services);
    },

    // The same envelope as chat completions: the OpenAI SDKs turn it into their typed errors.
    renderError: (error: RenderableError) => renderOpenAIError(error),

    // `renderStream` has already written `response.failed` (with the response's id and sequence); nothing follows it.
    renderStreamError(): SseFrame[] {
      return [];
    },
  };
}

/** A Responses dialect that logs nothing: for the route table's error shape and for library users without a logger. */
export const openAIResponsesDialect = createOpenAIResponsesDialect();
