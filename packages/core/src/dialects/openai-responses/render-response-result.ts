import type { CompletionResult, FinishReason } from '../../conversation/completion-result';
import type { DialectResponseMeta } from '../dialect';
import { buildMessageItem, buildToolCallItem } from './build-output-items';
import { buildResponseObject } from './build-response-object';
import type { ResponseState } from './build-response-object';
import type { ResponsesRequestOptions } from './responses-request-options';
import type { Response, ResponseOutputItem } from './responses-wire-types';

/** How a finish reason shows in a response: `length` and `content_filter` make it `incomplete`, with the reason. */
export function finishedState(finishReason: FinishReason): Pick<ResponseState, 'status' | 'incompleteReason'> {
  if (finishReason === 'length') return { status: 'incomplete', incompleteReason: 'max_output_tokens' };
  if (finishReason === 'content_filter') return { status: 'incomplete', incompleteReason: 'content_filter' };
  return { status: 'completed' };
}

/**
 * A whole result -> the Response: one assistant message with the text (also when it is empty and nothing else was
 * produced, so `output_text` exists), then one item per tool call.
 */
export function renderResponseResult(result: CompletionResult, meta: DialectResponseMeta, options: ResponsesRequestOptions, nowMs: number): Response {
  const finished = finishedState(result.finishReason);
  const output: ResponseOutputItem[] = [];
  if (result.text !== '' || result.toolCalls.length === 0) {
    // Only the last item can have been cut off: text followed by tool calls was complete.
    const cut = finished.status === 'incomplete' && result.toolCalls.length === 0;
    output.push(buildMessageItem(meta.id, 0, result.text, cut ? 'incomplete' : 'completed'));
  }
  result.toolCalls.forEach((call) => output.push(buildToolCallItem(meta.id, output.length, call, options)));
  return buildResponseObject(meta, options, { ...finished, output, usage: result.usage, completedAt: Math.floor(nowMs / 1000) });
}
