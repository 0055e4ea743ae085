import { isProxyError } from '../../errors/proxy-error';
import { createMemoryResponseStore } from '../../response-store/create-memory-response-store';
import { createManualClock } from '../../testing/manual-clock';
import { createRecordingLogger } from '../../testing/recording-logger';
import { createSequenceIds } from '../../testing/sequence-ids';
import type { ResponseStore } from '../../ports/response-store';
import type { DialectServices } from '../dialect';
import { createOpenAIResponsesDialect } from './create-openai-responses-dialect';

function createServices(): DialectServices & { responseStore: ResponseStore } {
  const clock = createManualClock();
  return { ids: createSequenceIds(), clock, responseStore: createMemoryResponseStore({ clock, maxEntries: 10, maxAgeMs: 60_000 }) };
}

async function rejection(promise: Promise<unknown>): Promise<{ code: string; param: string | null; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (isProxyError(error)) return { code: error.code, param: error.param, message: error.message };
    throw error;
  }
  throw new Error('expected a rejection');
}

const weatherTool = { type: 'function', name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: false };

describe('openai-responses parseRequest', () => {
  const dialect = createOpenAIResponsesDialect();

  it('reads a string input as one user turn and instructions as the first system text', async () => {
    const request = await dialect.parseRequest({ model: 'gpt-4o', instructions: 'Be brief.', input: 'Hello', stream: true }, createServices());
    expect(request.model).toBe('gpt-4o');
    expect(request.stream).toBe(true);
    expect(request.conversation.system).toEqual(['Be brief.']);
    expect(request.conversation.turns).toEqual([{ role: 'user', parts: [{ type: 'text', text: 'Hello' }] }]);
    expect(request.options.store).toBe(true);
  });

  it('reads every input item kind Codex and the SDKs send, in order', async () => {
    const request = await dialect.parseRequest(
      {
        model: 'gpt-4o',
        input: [
          { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'Dev rules.' }] },
          { role: 'system', content: 'Sys rules.' },
          { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Look:' }, { type: 'input_image', image_url: 'data:image/png;base64,AAAA' }] },
          { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'opaque' },
          { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Checking.', annotations: [] }] },
          { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
          { type: 'function_call', call_id: 'call_2', namespace: 'agents', name: 'spawn', arguments: '' },
          { type: 'function_call_output', call_id: 'call_1', output: '21C' },
          { type: 'function_call_output', call_id: 'call_2', output: [{ type: 'input_text', text: 'spawned' }] },
          { type: 'custom_tool_call', call_id: 'call_3', name: 'apply_patch', input: '*** Begin Patch' },
          { type: 'custom_tool_call_output', call_id: 'call_3', output: 'Done' },
          { type: 'message', role: 'user', content: 'Thanks' },
        ],
      },
      createServices(),
    );
    expect(request.conversation.system).toEqual(['Dev rules.', 'Sys rules.']);
    expect(request.conversation.turns).toEqual([
      { role: 'user', parts: [{ type: 'text', text: 'Look:' }, { type: 'image', mediaType: 'image/png', data: 'AAAA', source: 'input[2].content[1]' }] },
      {
        role: 'assistant',
        parts: [
          { type: 'text', text: 'Checking.' },
          { type: 'tool-call', id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
          { type: 'tool-call', id: 'call_2', name: 'agents__spawn', arguments: '{}' },
        ],
      },
      {
        role: 'user',
        parts: [
          { type: 'tool-result', callId: 'call_1', name: 'get_weather', content: '21C' },
          { type: 'tool-result', callId: 'call_2', name: 'agents__spawn', content: 'spawned' },
        ],
      },
      { role: 'assistant', parts: [{ type: 'tool-call', id: 'call_3', name: 'apply_patch', arguments: '{"input":"*** Begin Patch"}' }] },
      { role: 'user', parts: [{ type: 'tool-result', callId: 'call_3', name: 'apply_patch', content: 'Done' }] },
      { role: 'user', parts: [{ type: 'text', text: 'Thanks' }] },
    ]);
  });

  it('offers function, custom and namespaced tools under names the model can use, and drops hosted tools with one log line', async () => {
    const recorder = createRecordingLogger();
    const logged = createOpenAIResponsesDialect({ logger: recorder.logger });
    const body = {
      model: 'gpt-4o',
      input: 'hi',
      tools: [
        weatherTool,
        { type: 'custom', name: 'apply_patch', description: 'Patch files', format: { type: 'grammar', syntax: 'lark', definition: 'start: "x"' } },
        { type: 'namespace', name: 'agents', description: 'Sub-agents', tools: [{ type: 'function', name: 'spawn', parameters: { type: 'object', properties: {} } }] },
        { type: 'web_search', external_web_access: false },
      ],
      input_extra_field: { anything: true },
    };
    const request = await logged.parseRequest(body, createServices());
    await logged.parseRequest(body, createServices());
    expect(request.conversation.tools?.map((tool) => tool.name)).toEqual(['get_weather', 'apply_patch', 'agents__spawn']);
    expect(request.conversation.tools?.[1]?.parameters).toMatchObject({ required: ['input'], properties: { input: { type: 'string' } } });
    expect(JSON.stringify(request.conversation.tools?.[1]?.parameters)).toContain('start: \\"x\\"');
    expect(request.options.tools.get('agents__spawn')).toEqual({ kind: 'function', name: 'spawn', namespace: 'agents' });
    expect(request.options.tools.get('apply_patch')).toEqual({ kind: 'custom', name: 'apply_patch', namespace: undefined });
    const infoLines = recorder.calls.filter((call) => call.level === 'info');
    expect(infoLines).toHaveLength(1);
    expect(infoLines[0]?.message).toContain('web_search');
  });

  it('takes tools from additional_tools input items as well, each name once', async () => {
    const request = await dialect.parseRequest(
      { model: 'gpt-4o', tools: [weatherTool], input: [{ type: 'additional_tools', id: 'at_1', role: 'developer', tools: [weatherTool, { ...weatherTool, name: 'extra' }] }, { role: 'user', content: 'hi' }] },
      createServices(),
    );
    expect(request.conversation.tools?.map((tool) => tool.name)).toEqual(['get_weather', 'extra']);
  });

  it('maps tool_choice, reasoning effort, sampling and text.format', async () => {
    const request = await dialect.parseRequest(
      {
        model: 'gpt-4o',
        input: 'hi',
        tools: [weatherTool],
        tool_choice: { type: 'function', name: 'get_weather' },
        reasoning: { effort: 'xhigh', summary: 'auto' },
        temperature: 0.2,
        top_p: 0.9,
        max_output_tokens: 300,
        text: { format: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, strict: true } },
        include: ['reasoning.encrypted_content'],
        prompt_cache_key: 'abc',
        service_tier: 'auto',
      },
      createServices(),
    );
    expect(request.conversation.toolChoice).toEqual({ name: 'get_weather' });
    expect(request.conversation.sampling).toEqual({ temperature: 0.2, topP: 0.9, maxTokens: 300, reasoningEffort: 'high' });
    expect(request.conversation.output).toEqual({ type: 'json_schema', name: 'answer', schema: { type: 'object' }, description: undefined, strict: true });
    const allowed = await dialect.parseRequest(
      { model: 'gpt-4o', input: 'hi', tools: [weatherTool, { ...weatherTool, name: 'other' }], tool_choice: { type: 'allowed_tools', mode: 'required', tools: [{ type: 'function', name: 'other' }] } },
      createServices(),
    );
    expect(allowed.conversation.tools?.map((tool) => tool.name)).toEqual(['other']);
    expect(allowed.conversation.toolChoice).toBe('required');
  });

  it('names the field at fault', async () => {
    const services = createServices();
    expect(await rejection(Promise.resolve(dialect.parseRequest({ model: '' } as never, services)))).toMatchObject({ code: 'invalid_request', param: 'model' });
    expect(await rejection(Promise.resolve(dialect.parseRequest({ model: 'm', input: [{ role: 'robot', content: 'x' }] }, services)))).toMatchObject({ param: 'input[0].role' });
    expect(await rejection(Promise.resolve(dialect.parseRequest({ model: 'm', input: [{ type: 'function_call_output', output: 'x' }] }, services)))).toMatchObject({ param: 'input[0].call_id' });
    expect(await rejection(Promise.resolve(dialect.parseRequest({ model: 'm', input: 'x', tools: [weatherTool], tool_choice: { type: 'function', name: 'nope' } }, services)))).toMatchObject({ param: 'tool_choice.name' });
    expect(await rejection(Promise.resolve(dialect.parseRequest({ model: 'm', input: 'x', reasoning: { effort: 'huge' } }, services)))).toMatchObject({ param: 'reasoning.effort' });
    expect(await rejection(Promise.resolve(dialect.parseRequest({ model: 'm', input: [{ type: 'message', role: 'user', content: [{ type: 'input_file', file_id: 'f' }] }] }, services)))).toMatchObject({ code: 'unsupported_content', param: 'input[0].content[0]', message: expect.stringContaining('no Files API') as unknown });
    expect(await rejection(Promise.resolve(dialect.parseRequest({ model: 'm', input: [] }, services)))).toMatchObject({ param: 'input' });
  });

  it('continues a stored conversation with previous_response_id and resolves item_reference ids, or says what is missing', async () => {
    const services = createServices();
    const previousItems = [
      { type: 'message', role: 'user', content: 'What is 2+2?' },
      { type: 'message', id: 'msg_abc_0', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: '4', annotations: [] }] },
      { type: 'function_call', id: 'fc_abc_1', call_id: 'call_9', name: 'get_weather', arguments: '{}', status: 'completed' },
    ];
    await services.responseStore.put({ id: 'resp_abc', response: {}, items: previousItems, storedAt: 0 });
    const continued = await dialect.parseRequest({ model: 'm', previous_response_id: 'resp_abc', input: [{ type: 'function_call_output', call_id: 'call_9', output: 'sunny' }] }, services);
    expect(continued.conversation.turns.map((turn) => turn.role)).toEqual(['user', 'assistant', 'user']);
    expect(continued.options.items).toHaveLength(4);

    const referenced = await dialect.parseRequest(
      { model: 'm', input: [{ role: 'user', content: 'Weather?' }, { type: 'item_reference', id: 'fc_abc_1' }, { type: 'function_call_output', call_id: 'call_9', output: 'sunny' }] },
      services,
    );
    expect(referenced.conversation.turns[1]).toEqual({ role: 'assistant', parts: [{ type: 'tool-call', id: 'call_9', name: 'get_weather', arguments: '{}' }] });

    expect(await rejection(Promise.resolve(dialect.parseRequest({ model: 'm', previous_response_id: 'resp_gone', input: 'x' }, services)))).toMatchObject({ code: 'response_not_found', param: 'previous_response_id' });
    const missing = await rejection(Promise.resolve(dialect.parseRequest({ model: 'm', input: [{ type: 'item_reference', id: 'fc_zzz_0' }] }, services)));
    expect(missing).toMatchObject({ code: 'response_not_found', param: 'input[0].id' });
    expect(missing.message).toContain("'fc_zzz_0'");
  });
});
