import type { Dialect, SseFrame } from '../dialect';
import { renderOpenAIError } from '../openai-chat/render-openai-error';
import { completionRequestSchema } from './completion-request-schema';
import type { CompletionCreateParams } from './completion-types';
import type { CompletionRequestOptions } from './parse-completion-request';
import { parseCompletionRequest, readPrompts } from './parse-completion-request';
import { renderCompletionStream } from './render-completion-stream';
import { renderTextCompletion } from './render-text-completion';
import { runCompletionsRequest } from './run-completions-request';

async function* toFrames(chunks: AsyncIterable<unknown>): AsyncGenerator<SseFrame, void, undefined> {
  for await (const chunk of chunks) yield { data: JSON.stringify(chunk) };
}

/**
 * OpenAI legacy completions (`POST /v1/completions`), for editors' autocomplete and older libraries: the prompt is
 * continued by a chat model told to continue it; `text_completion` objects and chunks; `data: [DONE]`; OpenAI error
 * envelopes. A prompt array fans out into one call per prompt (`run`).
 */
export const openAICompletionsDialect: Dialect<CompletionCreateParams, CompletionRequestOptions> = {
  id: 'openai-completions',
  requestSchema: completionRequestSchema,
  idPrefix: 'cmpl-',
  framing: { terminator: { data: '[DONE]' }, heartbeat: { comment: 'keep-alive' } },
  parseRequest: (body) => parseCompletionRequest(body, readPrompts(body.prompt)[0] ?? '', 0),
  renderResult: (result, meta, request) => renderTextCompletion(result, meta, request.options),
  renderStream: (events, meta, request) => toFrames(renderCompletionStream(events, meta, request.options)),
  renderError: (error) => renderOpenAIError(error),
  renderStreamError: (error) => [{ data: JSON.stringify(renderOpenAIError(error)) }],
  run: runCompletionsRequest,
};
