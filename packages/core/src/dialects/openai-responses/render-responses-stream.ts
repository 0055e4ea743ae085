import type { CompletionEvent } from '../../conversation/completion-event';
import type { Usage } from '../../conversation/completion-result';
import type { DialectResponseMeta, DialectServices, SseFrame } from '../dialect';
import { buildMessageItem, buildToolCallItem } from './build-output-items';
import { buildResponseObject } from './build-response-object';
import { describeResponseFailure } from './describe-response-failure';
import { finishedState } from './render-response-result';
import type { ResponsesRequestOptions } from './responses-request-options';
import type { ResponseItemStatus, ResponseOutputItem, ResponseOutputText } from './responses-wire-types';
import { keepNothingStore } from './keep-nothing-store';
import { storeResponse } from './store-response';

interface OpenMessage {
  outputIndex: number;
  text: string;
}

interface OpenToolCall {
  outputIndex: number;
  id: string;
  name: string;
  arguments: string;
  /** Whether a delta was written (a call without arguments gets one `{}` delta, so deltas add up to `.done`). */
  streamed: boolean;
}

function emptyText(text = ''): ResponseOutputText {
  return { type: 'output_text', text, annotations: [], logprobs: [] };
}

/**
 * Neutral events -> the official Responses event sequence: `response.created`, `response.in_progress`, per item
 * `response.output_item.added` -> (`content_part.added`, `output_text.delta`*, `output_text.done`,
 * `content_part.done`) or (`function_call_arguments.delta`*, `.done`) -> `response.output_item.done`, then
 * `response.completed` (or `response.incomplete`) with the whole response and usage. Every frame has an `event:` line
 * equal to its `type` and a growing `sequence_number`. A failure after the start is `response.failed`, then the error
 * propagates so the writer logs it and ends the stream (`renderStreamError` adds nothing after it).
 */
export async function* renderResponsesStream(
  events: AsyncIterable<CompletionEvent>,
  meta: DialectResponseMeta,
  options: ResponsesRequestOptions,
  services: Pick<DialectServices, 'clock' | 'responseStore'>,
): AsyncGenerator<SseFrame> {
  let sequence = 0;
  const frame = (type: string, fields: Record<string, unknown>): SseFrame => ({ event: type, data: JSON.stringify({ type, sequence_number: sequence++, ...fields }) });
  const output: ResponseOutputItem[] = [];
  let message: OpenMessage | undefined;
  const calls = new Map<number, OpenToolCall>();

  const snapshot = buildResponseObject(meta, options, { status: 'in_progress', output: [] });
  yield frame('response.created', { response: snapshot });
  yield frame('response.in_progress', { response: snapshot });

  // The helpers return their frames in order rather than being generators: V8 gives every generator function made per
  // stream a prototype and hidden classes of its own (issue 9, heap snapshot of open streams).
  function openMessage(): SseFrame[] {
    const outputIndex = output.length;
    const item = buildMessageItem(meta.id, outputIndex, '', 'in_progress');
    output.push(item);
    message = { outputIndex, text: '' };
    return [
      frame('response.output_item.added', { output_index: outputIndex, item: { ...item, content: [] } }),
      frame('response.content_part.added', { item_id: item.id, output_index: outputIndex, content_index: 0, part: emptyText() }),
    ];
  }

  function closeMessage(status: ResponseItemStatus): SseFrame[] {
    if (message === undefined) return [];
    const { outputIndex, text } = message;
    const item = buildMessageItem(meta.id, outputIndex, text, status);
    output[outputIndex] = item;
    message = undefined;
    return [
      frame('response.output_text.done', { item_id: item.id, output_index: outputIndex, content_index: 0, text, logprobs: [] }),
      frame('response.content_part.done', { item_id: item.id, output_index: outputIndex, content_index: 0, part: emptyText(text) }),
      frame('response.output_item.done', { output_index: outputIndex, item }),
    ];
  }

  function closeCall(call: OpenToolCall): SseFrame[] {
    const args = call.arguments.trim() === '' ? '{}' : call.arguments;
    const item = buildToolCallItem(meta.id, call.outputIndex, { id: call.id, name: call.name, arguments: args }, options);
    output[call.outputIndex] = item;
    const frames: SseFrame[] = [];
    if (item.type === 'custom_tool_call') {
      // The freeform input is only known once the `{ input }` JSON is complete, so it goes out as one delta.
      frames.push(frame('response.custom_tool_call_input.delta', { item_id: item.id, output_index: call.outputIndex, delta: item.input }));
      frames.push(frame('response.custom_tool_call_input.done', { item_id: item.id, output_index: call.outputIndex, input: item.input }));
    } else {
      if (!call.streamed) frames.push(frame('response.function_call_arguments.delta', { item_id: item.id, output_index: call.outputIndex, delta: args }));
      frames.push(frame('response.function_call_arguments.done', { item_id: item.id, output_index: call.outputIndex, name: item.name, arguments: args }));
    }
    frames.push(frame('response.output_item.done', { output_index: call.outputIndex, item }));
    return frames;
  }

  let usage: Usage | undefined;
  let finishReason: Parameters<typeof finishedState>[0] = 'stop';
  try {
    for await (const event of events) {
      switch (event.type) {
        case 'text-delta':
          if (event.delta === '') break;
          if (message === undefined) yield* openMessage();
          (message as OpenMessage).text += event.delta;
          yield frame('response.output_text.delta', { item_id: output[(message as OpenMessage).outputIndex]?.id, output_index: (message as OpenMessage).outputIndex, content_index: 0, delta: event.delta, logprobs: [] });
          break;
        case 'tool-call-start': {
          yield* closeMessage('completed');
          const call: OpenToolCall = { outputIndex: output.length, id: event.id, name: event.name, arguments: '', streamed: false };
          const item = buildToolCallItem(meta.id, call.outputIndex, { id: event.id, name: event.name, arguments: '' }, options, 'in_progress');
          output.push(item);
          calls.set(event.index, call);
          yield frame('response.output_item.added', { output_index: call.outputIndex, item: item.type === 'custom_tool_call' ? { ...item, input: '' } : item });
          break;
        }
        case 'tool-call-delta': {
          const call = calls.get(event.index);
          if (call === undefined || event.delta === '') break;
          call.arguments += event.delta;
          if (output[call.outputIndex]?.type === 'function_call') {
            call.streamed = true;
            yield frame('response.function_call_arguments.delta', { item_id: output[call.outputIndex]?.id, output_index: call.outputIndex, delta: event.delta });
          }
          break;
        }
        case 'finish':
          usage = event.usage;
          finishReason = event.finishReason;
          break;
      }
    }
    const finished = finishedState(finishReason);
    if (output.length === 0) yield* openMessage();
    yield* closeMessage(finished.status === 'incomplete' ? 'incomplete' : 'completed');
    for (const call of calls.values()) yield* closeCall(call);
    const response = buildResponseObject(meta, options, { ...finished, output, usage, completedAt: Math.floor(services.clock.now() / 1000) });
    // Stored before `response.completed`: a client that continues at once with previous_response_id finds it.
    await storeResponse(services.responseStore ?? keepNothingStore, response, options, services.clock.now());
    yield frame(finished.status === 'incomplete' ? 'response.incomplete' : 'response.completed', { response });
  } catch (error) {
    // Whatever failed (AskSage, the store), the client learns it in-band: a stream that just stops makes Codex retry.
    yield frame('response.failed', { response: buildResponseObject(meta, options, { status: 'failed', output: [], error: describeResponseFailure(error) }) });
    throw error;
  }
}
