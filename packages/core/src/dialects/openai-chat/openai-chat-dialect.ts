import type { ChatCompletionCreateParams } from '../../types/openai';
import type { Dialect, SseFrame } from '../dialect';
import { chatCompletionRequestSchema } from './chat-completion-request-schema';
import type { ChatRequestOptions } from './parse-chat-request';
import { parseChatRequest } from './parse-chat-request';
import { renderChatCompletion } from './render-chat-completion';
import { renderChatStream } from './render-chat-stream';
import { renderOpenAIError } from './render-openai-error';

async function* toFrames(chunks: AsyncIterable<unknown>): AsyncGenerator<SseFrame, void, undefined> {
  for await (const chunk of chunks) yield { data: JSON.stringify(chunk) };
}

/**
 * OpenAI Chat Completions (`POST /v1/chat/completions`): unnamed `data:` frames, `: keep-alive` comments while
 * AskSage is silent, an in-band error envelope, and `data: [DONE]` always (OpenAI SDKs wait for it).
 */
export const openAIChatDialect: Dialect<ChatCompletionCreateParams, ChatRequestOptions> = {
  id: 'openai-chat',
  requestSchema: chatCompletionRequestSchema,
  idPrefix: 'chatcmpl-',
  framing: { terminator: { data: '[DONE]' }, heartbeat: { comment: 'keep-alive' } },
  misdirectedBodyHint: (body) => {
    const fields = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
    return 'prompt' in fields && !('messages' in fields)
      ? 'this body has a prompt, which is the legacy completions API: send it to POST /v1/completions, or send messages'
      : undefined;
  },
  parseRequest: (body) => parseChatRequest(body),
  renderResult: (result, meta) => renderChatCompletion(result, meta),
  renderStream: (events, meta, request) => toFrames(renderChatStream(events, meta, request.options.includeUsage)),
  renderError: (error) => renderOpenAIError(error),
  renderStreamError: (error) => [{ data: JSON.stringify(renderOpenAIError(error)) }],
};
