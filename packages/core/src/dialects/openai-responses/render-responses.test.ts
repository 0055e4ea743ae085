import { expectOpenAISchema, expectResponseStreamEvent } from '../../../../../test-support/openai-spec-validator';
import type { CompletionEvent } from '../../conversation/completion-event';
import type { CompletionResult } from '../../conversation/completion-result';
import { ProxyError } from '../../errors/proxy-error';
import { createMemoryResponseStore } from '../../response-store/create-memory-response-store';
import { createManualClock } from '../../testing/manual-clock';
import { createSequenceIds } from '../../testing/sequence-ids';
import type { ResponseStore } from '../../ports/response-store';
import type { DialectRequest, DialectResponseMeta, DialectServices, SseFrame } from '../dialect';
import { createOpenAIResponsesDialect } from './create-openai-responses-dialect';
import type { ResponsesRequestOptions } from './responses-request-options';
import { retrieveStoredResponse, deleteStoredResponse } from './stored-response-lookup';

const dialect = createOpenAIResponsesDialect();
const meta: DialectResponseMeta = { id: 'resp_test1', created: 1_700_000_000, model: 'gpt-4o' };
const usage = { inputTokens: 12, outputTokens: 5, totalTokens: 17, source: 'upstream' as const };

function createServices(): DialectServices & { responseStore: ResponseStore } {
  const clock = createManualClock();
  return { ids: createSequenceIds(), clock, responseStore: createMemoryResponseStore({ clock, maxEntries: 10, maxAgeMs: 60_000 }) };
}

const toolsBody = {
  tools: [
    { type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: false },
    { type: 'custom', name: 'apply_patch', description: 'Patch files' },
    { type: 'namespace', name: 'agents', description: 'Sub-agents', tools: [{ type: 'function', name: 'spawn', description: 'Spawn', strict: false, parameters: { type: 'object', properties: {} } }] },
    { type: 'web_search' },
  ],
};

async function parse(body: Record<string, unknown>, services: DialectServices): Promise<DialectRequest<ResponsesRequestOptions>> {
  return dialect.parseRequest({ model: 'gpt-4o', input: 'Hi', ...body }, services);
}

async function* eventsOf(list: CompletionEvent[], failure?: Error): AsyncIterable<CompletionEvent> {
  for (const event of list) yield event;
  if (failure) throw failure;
}

interface StreamRun {
  events: Array<Record<string, unknown> & { type: string; sequence_number: number }>;
  error?: unknown;
}

async function runStream(frames: AsyncIterable<SseFrame>): Promise<StreamRun> {
  const run: StreamRun = { events: [] };
  const collected: SseFrame[] = [];
  try {
    for await (const frame of frames) collected.push(frame);
  } catch (error) {
    run.error = error;
  }
  for (const frame of collected) {
    const event = JSON.parse(frame.data) as StreamRun['events'][number];
    expect(frame.event).toBe(event.type);
    expectResponseStreamEvent(event);
    run.events.push(event);
  }
  expect(run.events.map((event) => event.sequence_number)).toEqual(run.events.map((_event, index) => index));
  return run;
}

describe('openai-responses renderResult', () => {
  it('renders a text answer as a complete, spec-valid Response and stores it with the conversation', async () => {
    const services = createServices();
    const request = await parse({ instructions: 'Be brief.', metadata: { run: '1' } }, services);
    const result: CompletionResult = { text: 'Hello there', toolCalls: [], finishReason: 'stop', usage };
    const response = (await dialect.renderResult(result, meta, request, services)) as Record<string, unknown>;
    expectOpenAISchema('Response', response);
    expect(response).toMatchObject({
      id: 'resp_test1',
      object: 'response',
      status: 'completed',
      model: 'gpt-4o',
      instructions: 'Be brief.',
      metadata: { run: '1' },
      output: [{ type: 'message', id: 'msg_test1_0', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Hello there', annotations: [] }] }],
      usage: { input_tokens: 12, output_tokens: 5, total_tokens: 17 },
    });
    const stored = await services.responseStore.get('resp_test1');
    expect(stored?.items).toHaveLength(2);
    expect(await retrieveStoredResponse(services.responseStore, 'resp_test1')).toEqual(response);
    expect(await deleteStoredResponse(services.responseStore, 'resp_test1')).toEqual({ id: 'resp_test1', object: 'response', deleted: true });
    await expect(retrieveStoredResponse(services.responseStore, 'resp_test1')).rejects.toMatchObject({ code: 'response_not_found' });
  });

  it('keeps nothing with store: false', async () => {
    const services = createServices();
    const request = await parse({ store: false }, services);
    await dialect.renderResult({ text: 'x', toolCalls: [], finishReason: 'stop' }, meta, request, services);
    expect(await services.responseStore.get('resp_test1')).toBeUndefined();
  });

  it('returns tool calls as the client declared them: function, custom with input, namespaced with the namespace', async () => {
    const services = createServices();
    const request = await parse(toolsBody, services);
    const result: CompletionResult = {
      text: '',
      toolCalls: [
        { id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { id: 'call_b', name: 'apply_patch', arguments: '{"input":"*** Begin Patch\\n*** End Patch"}' },
        { id: 'call_c', name: 'agents__spawn', arguments: '{}' },
      ],
      finishReason: 'tool_calls',
      usage,
    };
    const response = (await dialect.renderResult(result, meta, request, services)) as { output: unknown[]; tools: unknown[] };
    expectOpenAISchema('Response', response);
    expect(response.output).toEqual([
      { type: 'function_call', id: 'fc_test1_0', call_id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris"}', status: 'completed' },
      { type: 'custom_tool_call', id: 'ctc_test1_1', call_id: 'call_b', name: 'apply_patch', input: '*** Begin Patch\n*** End Patch' },
      { type: 'function_call', id: 'fc_test1_2', call_id: 'call_c', name: 'spawn', namespace: 'agents', arguments: '{}', status: 'completed' },
    ]);
    expect(response.tools).toHaveLength(3);
  });

  it('marks a reply cut by max_output_tokens incomplete', async () => {
    const services = createServices();
    const request = await parse({ max_output_tokens: 5 }, services);
    const response = (await dialect.renderResult({ text: 'cut', toolCalls: [], finishReason: 'length', usage }, meta, request, services)) as Record<string, unknown>;
    expectOpenAISchema('Response', response);
    expect(response).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, max_output_tokens: 5 });
  });
});

describe('openai-responses renderStream', () => {
  it('writes the official text sequence, and the streamed text equals the whole answer', async () => {
    const services = createServices();
    const request = await parse({ stream: true }, services);
    const run = await runStream(
      dialect.renderStream(eventsOf([{ type: 'text-delta', delta: 'Hel' }, { type: 'text-delta', delta: 'lo' }, { type: 'finish', finishReason: 'stop', usage }]), meta, request, services),
    );
    expect(run.error).toBeUndefined();
    expect(run.events.map((event) => event.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    const completed = run.events.at(-1) as unknown as { response: { output: Array<{ content: Array<{ text: string }> }>; usage: unknown } };
    expect(completed.response.output[0]?.content[0]?.text).toBe('Hello');
    expect(completed.response.usage).toMatchObject({ input_tokens: 12, output_tokens: 5, total_tokens: 17 });
    const whole = (await dialect.renderResult({ text: 'Hello', toolCalls: [], finishReason: 'stop', usage }, { ...meta, id: 'resp_whole' }, request, services)) as typeof completed.response;
    expect(whole.output[0]?.content[0]?.text).toBe(completed.response.output[0]?.content[0]?.text);
    expect(await services.responseStore.get('resp_test1')).toBeDefined();
  });

  it('streams function calls with argument deltas, custom calls with their input, namespaces kept', async () => {
    const services = createServices();
    const request = await parse({ ...toolsBody, stream: true, store: false }, services);
    const run = await runStream(
      dialect.renderStream(
        eventsOf([
          { type: 'tool-call-start', index: 0, id: 'call_a', name: 'get_weather' },
          { type: 'tool-call-delta', index: 0, delta: '{"city":' },
          { type: 'tool-call-delta', index: 0, delta: '"Paris"}' },
          { type: 'tool-call-start', index: 1, id: 'call_b', name: 'apply_patch' },
          { type: 'tool-call-delta', index: 1, delta: '{"input":"patch text"}' },
          { type: 'tool-call-start', index: 2, id: 'call_c', name: 'agents__spawn' },
          { type: 'finish', finishReason: 'tool_calls', usage },
        ]),
        meta,
        request,
        services,
      ),
    );
    const deltas = run.events.filter((event) => event.type === 'response.function_call_arguments.delta' && event.output_index === 0).map((event) => event.delta);
    expect(deltas.join('')).toBe('{"city":"Paris"}');
    const done = run.events.filter((event) => event.type === 'response.output_item.done').map((event) => event.item);
    expect(done).toEqual([
      { type: 'function_call', id: 'fc_test1_0', call_id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris"}', status: 'completed' },
      { type: 'custom_tool_call', id: 'ctc_test1_1', call_id: 'call_b', name: 'apply_patch', input: 'patch text' },
      { type: 'function_call', id: 'fc_test1_2', call_id: 'call_c', name: 'spawn', namespace: 'agents', arguments: '{}', status: 'completed' },
    ]);
    expect(run.events.find((event) => event.type === 'response.custom_tool_call_input.done')).toMatchObject({ input: 'patch text' });
    expect(run.events.at(-1)?.type).toBe('response.completed');
    expect(await services.responseStore.get('resp_test1')).toBeUndefined();
  });

  it('answers an empty reply with an empty message, and a cut one with response.incomplete', async () => {
    const services = createServices();
    const request = await parse({ stream: true }, services);
    const empty = await runStream(dialect.renderStream(eventsOf([{ type: 'finish', finishReason: 'stop' }]), meta, request, services));
    expect(empty.events.find((event) => event.type === 'response.output_item.done')).toMatchObject({ item: { type: 'message', content: [{ text: '' }] } });
    const cut = await runStream(dialect.renderStream(eventsOf([{ type: 'text-delta', delta: 'a' }, { type: 'finish', finishReason: 'length' }]), meta, request, services));
    expect(cut.events.at(-1)).toMatchObject({ type: 'response.incomplete', response: { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } } });
  });

  it('reports a failure after the start as response.failed, then lets the error propagate', async () => {
    const services = createServices();
    const request = await parse({ stream: true }, services);
    const failure = new ProxyError('upstream_unavailable', 'AskSage answered HTTP 503; try again shortly.', { isRetryable: true });
    const run = await runStream(dialect.renderStream(eventsOf([{ type: 'text-delta', delta: 'partial' }], failure), meta, request, services));
    expect(run.error).toBe(failure);
    expect(run.events.at(-1)).toMatchObject({ type: 'response.failed', response: { id: 'resp_test1', status: 'failed', error: { code: 'server_error', message: failure.message } } });
    expect(dialect.renderStreamError({ code: 'upstream_unavailable', message: 'x', param: null, status: 503 })).toEqual([]);
    expect(await services.responseStore.get('resp_test1')).toBeUndefined();
    const hidden = await runStream(dialect.renderStream(eventsOf([], new Error('secret internals')), meta, request, services));
    expect(JSON.stringify(hidden.events)).not.toContain('secret internals');
  });

  it('reports a store that fails as response.failed instead of a stream that just stops', async () => {
    const services = createServices();
    const broken = { ...services, responseStore: { ...services.responseStore, put: () => Promise.reject(new Error('store down')) } };
    const request = await parse({ stream: true }, broken);
    const run = await runStream(dialect.renderStream(eventsOf([{ type: 'text-delta', delta: 'hi' }, { type: 'finish', finishReason: 'stop' }]), meta, request, broken));
    expect(run.error).toBeInstanceOf(Error);
    expect(run.events.at(-1)).toMatchObject({ type: 'response.failed', response: { status: 'failed', error: { code: 'server_error' } } });
  });

  it('renders errors as the OpenAI envelope', () => {
    expect(dialect.renderError({ code: 'response_not_found', message: "Response with id 'resp_x' not found.", param: 'response_id', status: 404 })).toEqual({
      error: { message: "Response with id 'resp_x' not found.", type: 'not_found_error', param: 'response_id', code: 'response_not_found' },
    });
  });
});
