import fc from 'fast-check';
import { isProxyError } from '../../errors/proxy-error';
import { createMemoryResponseStore } from '../../response-store/create-memory-response-store';
import { createManualClock } from '../../testing/manual-clock';
import { createSequenceIds } from '../../testing/sequence-ids';
import { createOpenAIResponsesDialect } from './create-openai-responses-dialect';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const text = fc.string({ maxLength: 12 });
const item = fc.oneof(
  fc.record({ type: fc.constant('message'), role: fc.constantFrom('user', 'assistant', 'system', 'developer'), content: fc.oneof(text, fc.constant([{ type: 'input_text', text: 'hi' }])) }),
  fc.record({ type: fc.constant('function_call'), call_id: fc.constant('call_1'), name: fc.constant('get_weather'), arguments: fc.constant('{}'), namespace: fc.constant('tools') }),
  fc.record({ type: fc.constant('function_call_output'), call_id: fc.constant('call_1'), output: text }),
  fc.record({ type: fc.constant('custom_tool_call'), call_id: fc.constant('call_2'), name: fc.constant('apply_patch'), input: text }),
  fc.record({ type: fc.constant('reasoning'), id: fc.constant('rs_1'), summary: fc.constant([]) }),
  fc.record({ type: fc.constant('item_reference'), id: fc.constant('fc_stored_0') }),
);
const tool = fc.oneof(
  fc.constant({ type: 'function', name: 'get_weather', parameters: { type: 'object', properties: {} }, strict: false }),
  fc.constant({ type: 'custom', name: 'apply_patch', format: { type: 'grammar', syntax: 'lark', definition: 'start: "x"' } }),
  fc.constant({ type: 'namespace', name: 'tools', description: 'd', tools: [{ type: 'function', name: 'get_weather', parameters: {} }] }),
  fc.constant({ type: 'web_search' }),
);
const validBody = fc.record(
  {
    model: fc.constant('gpt-4o'),
    input: fc.oneof(text, fc.array(item, { minLength: 1, maxLength: 4 })),
    instructions: text,
    tools: fc.array(tool, { maxLength: 3 }),
    tool_choice: fc.constantFrom('auto', 'none', 'required', { type: 'allowed_tools', mode: 'auto', tools: [{ type: 'function', name: 'get_weather' }] }),
    reasoning: fc.constant({ effort: 'low' }),
    text: fc.constant({ format: { type: 'json_schema', name: 'x', schema: { type: 'object' } } }),
    previous_response_id: fc.constant('resp_stored'),
    store: fc.boolean(),
    metadata: fc.constant({ a: 'b' }),
    max_output_tokens: fc.integer({ min: 1, max: 100 }),
  },
  { requiredKeys: ['model', 'input'] },
);

function pathsOf(value: Json, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (value === null || typeof value !== 'object') return [];
  const entries: Array<[string | number, Json]> = Array.isArray(value) ? value.map((entry, index) => [index, entry]) : Object.entries(value);
  return entries.flatMap(([key, child]) => [[...prefix, key], ...pathsOf(child, [...prefix, key])]);
}

/** A valid body broken in one place: a field dropped or replaced by any JSON value. */
const mutatedBody = fc.tuple(validBody, fc.nat(), fc.boolean(), fc.jsonValue()).map(([body, pick, drop, value]) => {
  const copy = JSON.parse(JSON.stringify(body)) as { [key: string]: Json };
  const paths = pathsOf(copy);
  const path = paths[pick % paths.length] as Array<string | number>;
  const parent = path.slice(0, -1).reduce<Json>((node, key) => (node as Record<string, Json>)[key] as Json, copy) as Record<string | number, Json>;
  const last = path[path.length - 1] as string | number;
  if (drop && !Array.isArray(parent)) delete parent[last];
  else parent[last] = value as Json;
  return copy;
});

describe('openai-responses parseRequest under mutated bodies', () => {
  it('either converts the body or throws a ProxyError naming a field; never crashes', async () => {
    const clock = createManualClock();
    const responseStore = createMemoryResponseStore({ clock, maxEntries: 10, maxAgeMs: 60_000 });
    await responseStore.put({
      id: 'resp_stored',
      response: {},
      items: [{ type: 'message', role: 'user', content: 'earlier' }, { type: 'function_call', id: 'fc_stored_0', call_id: 'call_0', name: 'get_weather', arguments: '{}' }],
      storedAt: clock.now(),
    });
    const dialect = createOpenAIResponsesDialect();
    const services = { ids: createSequenceIds(), clock, responseStore };
    await fc.assert(
      fc.asyncProperty(mutatedBody, async (body) => {
        try {
          const request = await dialect.parseRequest(body as never, services);
          expect(request.conversation.turns.length).toBeGreaterThan(0);
        } catch (error) {
          if (!isProxyError(error)) throw error;
          expect(['invalid_request', 'unsupported_content', 'unsupported_parameter', 'response_not_found']).toContain(error.code);
          expect(error.message.length).toBeGreaterThan(10);
        }
      }),
      { numRuns: 400 },
    );
  });
});
