import fc from 'fast-check';
import { synthesizeCompletionEvents } from '../../asksage/synthesize-completion-events';
import type { CompletionEvent } from '../../conversation/completion-event';
import type { CompletionResult } from '../../conversation/completion-result';
import { createMemoryResponseStore } from '../../response-store/create-memory-response-store';
import { createManualClock } from '../../testing/manual-clock';
import { createSequenceIds } from '../../testing/sequence-ids';
import { createOpenAIResponsesDialect } from './create-openai-responses-dialect';

const dialect = createOpenAIResponsesDialect();
const tools = [
  { type: 'function', name: 'get_weather', parameters: { type: 'object', properties: {} }, strict: false },
  { type: 'custom', name: 'apply_patch' },
  { type: 'namespace', name: 'agents', description: 'd', tools: [{ type: 'function', name: 'spawn', parameters: {} }] },
];

const toolCall = fc.record({
  id: fc.stringMatching(/^call_[a-z0-9]{1,6}$/),
  name: fc.constantFrom('get_weather', 'apply_patch', 'agents__spawn'),
  arguments: fc.oneof(fc.json(), fc.string().map((input) => JSON.stringify({ input }))),
});
const result: fc.Arbitrary<CompletionResult> = fc.record({
  text: fc.string({ unit: 'grapheme', maxLength: 200 }),
  toolCalls: fc.array(toolCall, { maxLength: 3 }),
  finishReason: fc.constantFrom('stop' as const, 'length' as const, 'tool_calls' as const),
  usage: fc.constant({ inputTokens: 3, outputTokens: 4, totalTokens: 7, source: 'upstream' as const }),
});

async function* iterate(events: CompletionEvent[]): AsyncIterable<CompletionEvent> {
  yield* events;
}

describe('openai-responses: a stream says what the whole answer says', () => {
  it('streams the same text byte for byte and ends with the same output and status as the whole Response', async () => {
    await fc.assert(
      fc.asyncProperty(result, async (whole) => {
        const clock = createManualClock();
        const services = { ids: createSequenceIds(), clock, responseStore: createMemoryResponseStore({ clock, maxEntries: 4, maxAgeMs: 1_000 }) };
        const request = await dialect.parseRequest({ model: 'gpt-4o', input: 'hi', tools, store: false }, services);
        const meta = { id: 'resp_p', created: 1, model: 'gpt-4o' };
        const body = (await dialect.renderResult(whole, meta, request, services)) as { output: Array<{ type: string; id: string }>; status: string };
        const events: Array<Record<string, unknown>> = [];
        for await (const frame of dialect.renderStream(iterate(synthesizeCompletionEvents(whole)), meta, request, services)) events.push(JSON.parse(frame.data));
        const streamedText = events.filter((event) => event.type === 'response.output_text.delta').map((event) => event.delta).join('');
        expect(streamedText).toBe(whole.text);
        const final = events.at(-1)?.response as { output: unknown[]; status: string };
        expect(final.status).toBe(body.status);
        // Same items; the stream numbers them in arrival order, which here is the whole answer's order too.
        expect(final.output).toEqual(body.output);
      }),
      { numRuns: 150 },
    );
  });
});
