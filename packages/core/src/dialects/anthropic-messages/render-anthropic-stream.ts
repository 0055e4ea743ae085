import type { CompletionEvent } from '../../conversation/completion-event';
import { ProxyError } from '../../errors/proxy-error';
import type { IdGenerator } from '../../ports/id-generator';
import type { DialectResponseMeta, SseFrame } from '../dialect';
import { toAnthropicUsage, toStopReason, toToolUseId } from './render-anthropic-message';

/** One frame, named: the Anthropic SDK dispatches on the `event:` line and drops frames without one. */
function frame(type: string, payload: Record<string, unknown>): SseFrame {
  return { event: type, data: JSON.stringify({ type, ...payload }) };
}

/** The open content block: its index, and for a tool_use block which neutral tool call it is. */
interface OpenBlock {
  index: number;
  toolIndex: number | undefined;
}

/**
 * Neutral events -> Anthropic's named SSE events, in the order the SDK's `MessageStream` accumulates them:
 * `message_start` (yielded before the first event is awaited, so the client sees the stream start while AskSage is
 * still working), then per block `content_block_start`, `content_block_delta`* (`text_delta` or
 * `input_json_delta`), `content_block_stop`, then `message_delta` (stop reason, usage) and `message_stop`.
 * Anthropic blocks are sequential: a text delta after a tool call opens a new text block. Heartbeats (`event: ping`)
 * are the writer's job; failures propagate and become `event: error` through `renderStreamError`.
 */
export async function* renderAnthropicStream(events: AsyncIterable<CompletionEvent>, meta: DialectResponseMeta, ids: IdGenerator): AsyncIterable<SseFrame> {
  yield frame('message_start', {
    message: {
      id: meta.id,
      type: 'message',
      role: 'assistant',
      content: [],
      model: meta.model,
      stop_reason: null,
      stop_sequence: null,
      usage: toAnthropicUsage(undefined),
    },
  });
  let open: OpenBlock | undefined;
  let nextIndex = 0;
  // Returns the frames rather than being a generator: V8 gives a generator function made per stream a prototype and
  // hidden classes of its own (issue 9).
  const close = (): SseFrame[] => {
    if (open === undefined) return [];
    const stop = frame('content_block_stop', { index: open.index });
    open = undefined;
    return [stop];
  };
  for await (const event of events) {
    switch (event.type) {
      case 'text-delta':
        if (event.delta === '') break;
        if (open === undefined || open.toolIndex !== undefined) {
          yield* close();
          open = { index: nextIndex++, toolIndex: undefined };
          yield frame('content_block_start', { index: open.index, content_block: { type: 'text', text: '' } });
        }
        yield frame('content_block_delta', { index: open.index, delta: { type: 'text_delta', text: event.delta } });
        break;
      case 'tool-call-start':
        yield* close();
        open = { index: nextIndex++, toolIndex: event.index };
        yield frame('content_block_start', {
          index: open.index,
          content_block: { type: 'tool_use', id: toToolUseId(event.id, ids), name: event.name, input: {} },
        });
        break;
      case 'tool-call-delta':
        if (open?.toolIndex !== event.index) {
          // Anthropic blocks cannot interleave; every event source here emits one call's deltas right after its start.
          throw new ProxyError('internal_error', `arguments of tool call ${event.index} arrived after its block was closed`);
        }
        if (event.delta !== '') yield frame('content_block_delta', { index: open.index, delta: { type: 'input_json_delta', partial_json: event.delta } });
        break;
      case 'finish': {
        yield* close();
        const usage = toAnthropicUsage(event.usage);
        yield frame('message_delta', {
          delta: { stop_reason: toStopReason(event.finishReason, event.stopSequence), stop_sequence: event.stopSequence ?? null },
          usage: { input_tokens: usage.input_tokens, output_tokens: usage.output_tokens },
        });
        yield frame('message_stop', {});
        return;
      }
    }
  }
  throw new ProxyError('upstream_bad_response', 'the upstream stream ended without finishing the reply; try the request again');
}
