import type { CompletionResult } from '../../conversation/completion-result';
import type { ChatCompletion, ChatCompletionMessage } from '../../types/openai';
import type { DialectResponseMeta } from '../dialect';
import { renderChatUsage } from './render-chat-usage';

/** A neutral result -> an OpenAI `chat.completion`. */
export function renderChatCompletion(result: CompletionResult, meta: DialectResponseMeta): ChatCompletion {
  const message: ChatCompletionMessage = { role: 'assistant', content: result.text, refusal: null };
  if (result.toolCalls.length > 0) {
    // OpenAI sends `content: null` next to tool calls; some clients test for null, not for ''.
    if (result.text.trim() === '') message.content = null;
    message.tool_calls = result.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } }));
  }
  const completion: ChatCompletion = {
    id: meta.id,
    object: 'chat.completion',
    created: meta.created,
    model: meta.model,
    choices: [{ index: 0, message, finish_reason: result.finishReason, logprobs: null }],
  };
  if (result.usage !== undefined) completion.usage = renderChatUsage(result.usage);
  return completion;
}
