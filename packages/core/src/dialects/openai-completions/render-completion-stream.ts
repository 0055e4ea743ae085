import type { CompletionEvent } from '../../conversation/completion-event';
import type { DialectResponseMeta } from '../dialect';
import { renderChatUsage } from '../openai-chat/render-chat-usage';
import type { CompletionChoice, TextCompletion } from './completion-types';
import type { CompletionRequestOptions } from './parse-completion-request';

function chunk(meta: DialectResponseMeta, choices: CompletionChoice[], includeUsage: boolean): TextCompletion {
  const value: TextCompletion = { id: meta.id, object: 'text_completion', created: meta.created, model: meta.model, choices };
  if (includeUsage) value.usage = null;
  return value;
}

/**
 * Neutral events -> `text_completion` chunks as OpenAI streams them: the echoed prompt first (with `echo`), a chunk
 * per text delta, one chunk with the finish_reason, then, with `include_usage`, a usage chunk with `choices: []`.
 * Tool calls do not exist in this API and are not offered, so none can arrive.
 */
export async function* renderCompletionStream(
  events: AsyncIterable<CompletionEvent>,
  meta: DialectResponseMeta,
  options: CompletionRequestOptions,
): AsyncGenerator<TextCompletion, void, undefined> {
  const text = (value: string): CompletionChoice => ({ text: value, index: options.index, logprobs: null, finish_reason: null });
  if (options.echo !== undefined && options.echo !== '') yield chunk(meta, [text(options.echo)], options.includeUsage);
  for await (const event of events) {
    if (event.type === 'text-delta') yield chunk(meta, [text(event.delta)], options.includeUsage);
    if (event.type !== 'finish') continue;
    yield chunk(meta, [{ text: '', index: options.index, logprobs: null, finish_reason: event.finishReason === 'length' ? 'length' : 'stop' }], options.includeUsage);
    if (options.includeUsage) yield { ...chunk(meta, [], false), usage: event.usage === undefined ? null : renderChatUsage(event.usage) };
    return;
  }
}
