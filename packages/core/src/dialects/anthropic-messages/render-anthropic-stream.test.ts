import type { CompletionEvent } from '../../conversation/completion-event';
import { ProxyError } from '../../errors/proxy-error';
import { createSequenceIds } from '../../testing/sequence-ids';
import type { SseFrame } from '../dialect';
import { renderAnthropicMessage } from './render-anthropic-message';
import { renderAnthropicStream } from './render-anthropic-stream';

const meta = { id: 'msg_1', created: 1_700_000_000, model: 'google-claude-45-sonnet' };
const usage = { inputTokens: 12, outputTokens: 5, totalTokens: 17, source: 'upstream' as const };

async function* from(events: CompletionEvent[], failure?: Error): AsyncIterable<CompletionEvent> {
  for (const event of events) yield event;
  if (failure) throw failure;
}

async function collect(events: AsyncIterable<CompletionEvent>): Promise<SseFrame[]> {
  const frames: SseFrame[] = [];
  for await (const frame of renderAnthropicStream(events, meta, createSequenceIds())) frames.push(frame);
  return frames;
}

const payloads = (frames: SseFrame[]) => frames.map((frame) => JSON.parse(frame.data) as Record<string, unknown>);

describe('renderAnthropicStream', () => {
  it('names every frame after its data.type, in the order the SDK accumulates', async () => {
    const frames = await collect(from([
      { type: 'text-delta', delta: 'Hel' },
      { type: 'text-delta', delta: 'lo' },
      { type: 'finish', finishReason: 'stop', usage },
    ]));
    expect(frames.map((frame) => frame.event)).toEqual([
      'message_start', 'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop',
    ]);
    for (const frame of frames) expect(JSON.parse(frame.data).type).toBe(frame.event);
    const [start, blockStart, delta, , stop, messageDelta] = payloads(frames);
    expect(start?.message).toMatchObject({ id: 'msg_1', type: 'message', role: 'assistant', content: [], model: meta.model, stop_reason: null });
    expect(blockStart).toEqual({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
    expect(delta).toEqual({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hel' } });
    expect(stop).toEqual({ type: 'content_block_stop', index: 0 });
    expect(messageDelta).toEqual({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { input_tokens: 12, output_tokens: 5 } });
  });

  it('yields message_start before the first event arrives', async () => {
    const never: AsyncIterable<CompletionEvent> = { [Symbol.asyncIterator]: () => ({ next: () => new Promise(() => undefined) }) };
    const first = await renderAnthropicStream(never, meta, createSequenceIds())[Symbol.asyncIterator]().next();
    expect(first.value?.event).toBe('message_start');
  });

  it('streams tool calls as tool_use blocks with toolu_ ids and input_json_delta, after the text block', async () => {
    const frames = payloads(await collect(from([
      { type: 'text-delta', delta: 'Let me check.' },
      { type: 'tool-call-start', index: 0, id: 'call_abc', name: 'get_weather' },
      { type: 'tool-call-delta', index: 0, delta: '{"city":' },
      { type: 'tool-call-delta', index: 0, delta: '"Paris"}' },
      { type: 'tool-call-start', index: 1, id: 'call_def', name: 'get_time' },
      { type: 'finish', finishReason: 'tool_calls', usage },
    ])));
    expect(frames.map((frame) => [frame.type, frame.index])).toEqual([
      ['message_start', undefined],
      ['content_block_start', 0], ['content_block_delta', 0], ['content_block_stop', 0],
      ['content_block_start', 1], ['content_block_delta', 1], ['content_block_delta', 1], ['content_block_stop', 1],
      ['content_block_start', 2], ['content_block_stop', 2],
      ['message_delta', undefined], ['message_stop', undefined],
    ]);
    expect(frames[4]?.content_block).toEqual({ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: {} });
    expect(frames[5]?.delta).toEqual({ type: 'input_json_delta', partial_json: '{"city":' });
    expect((frames[10]?.delta as Record<string, unknown>).stop_reason).toBe('tool_use');
  });

  it('reports stop_sequence and max_tokens', async () => {
    const bySequence = payloads(await collect(from([{ type: 'text-delta', delta: 'a' }, { type: 'finish', finishReason: 'stop', stopSequence: 'END' }])));
    expect(bySequence.find((frame) => frame.type === 'message_delta')?.delta).toEqual({ stop_reason: 'stop_sequence', stop_sequence: 'END' });
    const byLength = payloads(await collect(from([{ type: 'finish', finishReason: 'length' }])));
    expect(byLength.find((frame) => frame.type === 'message_delta')?.delta).toEqual({ stop_reason: 'max_tokens', stop_sequence: null });
  });

  it('propagates a mid-stream failure after the frames already rendered (the writer turns it into event: error)', async () => {
    const frames: SseFrame[] = [];
    const failure = new ProxyError('upstream_unavailable', 'AskSage dropped the connection');
    await expect((async () => {
      for await (const frame of renderAnthropicStream(from([{ type: 'text-delta', delta: 'partial' }], failure), meta, createSequenceIds())) frames.push(frame);
    })()).rejects.toBe(failure);
    expect(frames.map((frame) => frame.event)).toEqual(['message_start', 'content_block_start', 'content_block_delta']);
  });

  it('fails when the events end without a finish rather than closing a stream that looks complete', async () => {
    await expect(collect(from([{ type: 'text-delta', delta: 'a' }]))).rejects.toMatchObject({ code: 'upstream_bad_response' });
  });

  it('streams exactly the text of the whole message', async () => {
    const text = 'line one\n\n    code();\n\tend ✓';
    const pieces = [text.slice(0, 7), text.slice(7, 15), text.slice(15)];
    const frames = payloads(await collect(from([...pieces.map((delta) => ({ type: 'text-delta' as const, delta })), { type: 'finish', finishReason: 'stop', usage }])));
    const streamed = frames.flatMap((frame) => (frame.type === 'content_block_delta' ? [(frame.delta as { text: string }).text] : [])).join('');
    const whole = renderAnthropicMessage({ text, toolCalls: [], finishReason: 'stop', usage }, meta, createSequenceIds());
    expect(streamed).toBe(text);
    expect(whole.content).toEqual([{ type: 'text', text }]);
  });
});
