import type { CompletionResult } from '../../conversation/completion-result';
import type { DialectResponseMeta } from '../dialect';
import { renderChatUsage } from '../openai-chat/render-chat-usage';
import type { TextCompletion } from './completion-types';
import type { CompletionRequestOptions } from './parse-completion-request';

/** A neutral result -> a `text_completion` with one choice (the prompt first with `echo`). */
export function renderTextCompletion(result: CompletionResult, meta: DialectResponseMeta, options: CompletionRequestOptions): TextCompletion {
  const completion: TextCompletion = {
    id: meta.id,
    object: 'text_completion',
    created: meta.created,
    model: meta.model,
    choices: [{ text: (options.echo ?? '') + result.text, index: options.index, logprobs: null, finish_reason: result.finishReason === 'length' ? 'length' : 'stop' }],
  };
  if (result.usage !== undefined) completion.usage = renderChatUsage(result.usage);
  return completion;
}
