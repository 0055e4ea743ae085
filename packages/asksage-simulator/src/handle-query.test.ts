import successFixture from '../../../fixtures/asksage/query-success-usage.json';
import systemPromptFixture from '../../../fixtures/asksage/query-success-system-prompt-usage.json';
import teachFixture from '../../../fixtures/asksage/query-retired-model-teach.json';
import { startAskSageSimulator } from './start-asksage-simulator';
import type { RunningSimulator, SimulatorOptions } from './simulator-types';
import { STREAM_FRAME_SEPARATOR } from './write-query-stream';

const KEY = 'query-key-'.padEnd(64, 'q');
const LIMITED_KEY = 'limited-key-'.padEnd(64, 'l');

const weatherTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    parameters: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' }, metric: { type: 'boolean' } }, required: ['city'] },
  },
};
const timeTool = { type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: { zone: { type: 'string' } } } } };

interface Envelope {
  response: unknown;
  message: string;
  status: number;
  type: string;
  usage: { model_tokens: { prompt_tokens: number; completion_tokens: number; total_tokens: number }; asksage_tokens: number } | null;
  tool_calls: Array<{ id?: string; type: string; function: { name: string; arguments: string } }> | null;
  tool_calls_unified: Envelope['tool_calls'];
  [key: string]: unknown;
}

async function postQuery(simulator: RunningSimulator, body: unknown, options: { path?: string; key?: string } = {}): Promise<{ status: number; text: string; contentType: string | null }> {
  const response = await fetch(`${simulator.serverBaseUrl}${options.path ?? '/query'}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-access-tokens': options.key ?? KEY },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text(), contentType: response.headers.get('content-type') };
}

async function query(simulator: RunningSimulator, body: Record<string, unknown>, key?: string): Promise<Envelope> {
  return JSON.parse((await postQuery(simulator, { model: 'gpt-4o', ...body }, { key })).text) as Envelope;
}

describe('/server/query', () => {
  let simulator: RunningSimulator;
  const start = async (options: SimulatorOptions = {}) => {
    await simulator?.close();
    simulator = await startAskSageSimulator({
      keys: [{ key: KEY }, { key: LIMITED_KEY, models: ['llma3'] }],
      retiredModels: ['openai_gpt'],
      ...options,
    });
  };
  beforeAll(() => start());
  afterAll(() => simulator.close());
  beforeEach(() => simulator.reset());

  it('answers with the recorded 2026-09 envelope: same keys in the same order, message after "\\n\\n"', async () => {
    const reply = await query(simulator, { message: 'Reply with OK.', usage: true });
    expect(Object.keys(reply)).toEqual(Object.keys(successFixture.response.body));
    expect(reply).toMatchObject({
      response: 'OK',
      message: '\n\nEcho from gpt-4o: Reply with OK.',
      embedding_down: false,
      vectors_down: false,
      references: '',
      type: 'completion',
      added_obj: null,
      tool_calls: null,
      tool_responses: [],
      tool_calls_unified: [],
      error: null,
      citations: [],
      sources: [],
      status: 200,
      provenance: { model: 'gpt-4o', persona: { id: 1, version: null }, agents: [] },
    });
    expect(reply.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it('sends usage only when the request asked for it, shaped like the recording', async () => {
    expect((await query(simulator, { message: 'no usage' })).usage).toBeNull();
    const { usage } = await query(simulator, { message: 'with usage', usage: true });
    expect(Object.keys(usage ?? {})).toEqual(Object.keys(successFixture.response.body.usage));
    expect(usage?.model_tokens.total_tokens).toBe((usage?.model_tokens.prompt_tokens ?? 0) + (usage?.model_tokens.completion_tokens ?? 0));
    expect(usage?.asksage_tokens).toBeGreaterThan(0);
  });

  it('charges the default persona about 780 prompt tokens unless a system_prompt is sent (820 vs 40 recorded)', async () => {
    const persona = await query(simulator, { message: 'Reply with the single word OK.', usage: true });
    const withSystem = await query(simulator, { message: 'Reply with the single word OK.', usage: true, system_prompt: 'Reply with the single word OK.' });
    const difference = (persona.usage?.model_tokens.prompt_tokens ?? 0) - (withSystem.usage?.model_tokens.prompt_tokens ?? 0);
    const recordedDifference = successFixture.response.body.usage.model_tokens.prompt_tokens - systemPromptFixture.response.body.usage.model_tokens.prompt_tokens;
    expect(Math.abs(difference - recordedDifference)).toBeLessThanOrEqual(20);
  });

  it('clamps temperature like AskSage and records the effective value', async () => {
    for (const temperature of [0.7, 1.5, -1, 0]) await query(simulator, { message: 't', temperature });
    expect(simulator.requests().map((request) => request.effectiveTemperature)).toEqual([0.7, 0, 0, 0]);
  });

  it('parses form-urlencoded bodies: JSON-decodes message and tools, coerces numbers and booleans', async () => {
    const form = new URLSearchParams({
      message: JSON.stringify([{ user: 'me', message: 'from a form' }]),
      model: 'gpt-4o',
      temperature: '0.5',
      usage: 'true',
      live: '0',
      tools: JSON.stringify([weatherTool]),
      tool_choice: 'none',
    });
    const response = await fetch(`${simulator.serverBaseUrl}/query`, { method: 'POST', headers: { 'x-access-tokens': KEY }, body: form });
    const reply = (await response.json()) as Envelope;
    expect(reply.message).toBe('\n\nEcho from gpt-4o: from a form');
    expect(reply.usage).not.toBeNull();
    const [recorded] = simulator.requests();
    expect(recorded).toMatchObject({ bodyType: 'form', effectiveTemperature: 0.5, body: { temperature: 0.5, usage: true, live: 0, tool_choice: 'none', tools: [weatherTool] } });
  });

  it('parses multipart bodies and prepends uploaded files as <file-content> blocks', async () => {
    const form = new FormData();
    form.append('message', 'summarize');
    form.append('model', 'gpt-4o');
    form.append('usage', 'false');
    form.append('file', new Blob(['file text here'], { type: 'text/plain' }), 'notes.txt');
    const response = await fetch(`${simulator.serverBaseUrl}/query`, { method: 'POST', headers: { 'x-access-tokens': KEY }, body: form });
    const reply = (await response.json()) as Envelope;
    expect(reply.message).toBe('<file-content>\n{"asksage_metadata": {"filename": "notes.txt", "page_number": 1}}\nfile text here\n</file-content>\n\nEcho from gpt-4o: summarize');
    expect(reply.usage).toBeNull();
    const [recorded] = simulator.requests();
    expect(recorded).toMatchObject({ bodyType: 'multipart', body: { message: 'summarize', usage: false }, files: [{ field: 'file', filename: 'notes.txt', size: 14 }] });
  });

  it('answers the last "me" turn of a conversation array', async () => {
    const reply = await query(simulator, { message: [{ user: 'me', message: 'first' }, { user: 'gpt', message: 'answer' }, { user: 'me', message: 'second' }] });
    expect(reply.message).toBe('\n\nEcho from gpt-4o: second');
  });

  it('answers [[words:N]] with exactly N words, with line breaks and indented lines', async () => {
    const reply = await query(simulator, { message: 'give me [[words:120]] please' });
    expect(reply.message.startsWith('\n\n')).toBe(true);
    expect(reply.message.trim().split(/\s+/)).toHaveLength(120);
    expect(reply.message.slice(2)).toContain('\n\n    ');
  });

  it('answers [[text:<base64>]] with the decoded text verbatim', async () => {
    const text = 'line one\n\n    indented code();\n\ttab\nend é 🚀';
    const reply = await query(simulator, { message: `[[text:${Buffer.from(text).toString('base64')}]]` });
    expect(reply.message).toBe(`\n\n${text}`);
  });

  it('streams when streaming:true or on /query_stream: text/plain frames, yields then the full envelope', async () => {
    const text = Array.from({ length: 60 }, (_, index) => `line ${index}\n    code(${index});`).join('\n');
    const body = { model: 'gpt-4o', message: `[[text:${Buffer.from(text).toString('base64')}]]`, usage: true };
    for (const [path, extra] of [['/query', { streaming: true }], ['/query_stream', {}]] as const) {
      const reply = await postQuery(simulator, { ...body, ...extra }, { path });
      expect(reply.contentType).toBe('text/plain; charset=utf-8');
      const frames = reply.text.split(STREAM_FRAME_SEPARATOR).map((frame) => JSON.parse(frame) as Envelope);
      const final = frames.pop();
      expect(frames.length).toBeGreaterThan(1);
      expect(frames.every((frame) => frame.type === 'yield' && frame.provenance === null)).toBe(true);
      expect(frames.map((frame) => frame.message).join('')).toBe(`\n\n${text}`);
      expect(final).toMatchObject({ type: 'completion', message: `\n\n${text}`, status: 200 });
      expect(final?.usage).not.toBeNull();
    }
  });

  it('sends a short streamed answer as the final frame alone, like the recording', async () => {
    const reply = await postQuery(simulator, { model: 'gpt-4o', message: '[[words:1]]' }, { path: '/query_stream' });
    expect(reply.text.includes(STREAM_FRAME_SEPARATOR)).toBe(false);
    expect((JSON.parse(reply.text) as Envelope).message).toBe('\n\nlorem');
  });

  it('answers a retired model with the recorded teach reply, byte for byte in the 2026-04 envelope', async () => {
    await start({ envelope: '2026-04', retiredModels: ['openai_gpt'] });
    const reply = await postQuery(simulator, { message: 'ping', model: 'openai_gpt', usage: true });
    const uuid = (JSON.parse(reply.text) as Envelope).uuid as string;
    expect(reply.text.replace(uuid, 'UUID')).toBe(teachFixture.response.body_text.replace(teachFixture.response.body.uuid, 'UUID'));
    await start();
  });

  it('answers in the 2026-04 envelope: sorted keys, null lists, no 2026-09 keys', async () => {
    await start({ envelope: '2026-04' });
    const reply = await query(simulator, { message: 'old', usage: true });
    expect(Object.keys(reply)).toEqual(Object.keys(teachFixture.response.body));
    expect(reply).toMatchObject({ tool_responses: null, tool_calls_unified: null, type: 'completion', message: '\n\nEcho from gpt-4o: old' });
    expect(reply.usage).not.toBeNull();
    await start();
  });

  it('refuses an unknown model (status 400) and a model the key is not entitled to (status 403) in HTTP-200 envelopes', async () => {
    const unknown = await postQuery(simulator, { message: 'x', model: 'no-such-model' });
    expect(unknown.status).toBe(200);
    expect(JSON.parse(unknown.text)).toEqual({ response: 'Model no-such-model is not supported', message: 'Model no-such-model is not supported', status: 400 });
    const refused = await postQuery(simulator, { message: 'x', model: 'gpt-4o' }, { key: LIMITED_KEY });
    expect(refused.status).toBe(200);
    expect(JSON.parse(refused.text)).toEqual({ response: 'You are not authorized to use the model gpt-4o.', message: 'You are not authorized to use the model gpt-4o.', status: 403 });
    expect((await query(simulator, { message: 'x', model: 'llma3' }, LIMITED_KEY)).status).toBe(200);
  });

  it('calls the first tool with schema-shaped arguments while the conversation has no gpt turn', async () => {
    const reply = await query(simulator, { message: [{ user: 'me', message: 'weather?' }], tools: [weatherTool, timeTool] });
    expect(reply.message).toBe('');
    expect(reply.tool_calls).toHaveLength(1);
    const [call] = reply.tool_calls ?? [];
    expect(call?.id).toMatch(/^call_/);
    expect(call?.type).toBe('function');
    expect(call?.function.name).toBe('get_weather');
    expect(JSON.parse(call?.function.arguments ?? '')).toEqual({ city: 'Chicago', days: 1, metric: true });
  });

  it('answers with text once the conversation has a gpt turn, unless the call is forced', async () => {
    const history = [{ user: 'me', message: 'weather?' }, { user: 'gpt', message: 'called get_weather' }, { user: 'me', message: '{"temperature_c": 21}' }];
    expect((await query(simulator, { message: history, tools: [weatherTool] })).tool_calls).toBeNull();
    expect((await query(simulator, { message: history, tools: [weatherTool], tool_choice: 'required' })).tool_calls?.[0]?.function.name).toBe('get_weather');
    const forced = await query(simulator, { message: history, tools: [weatherTool, timeTool], tool_choice: { type: 'function', function: { name: 'get_time' } } });
    expect(forced.tool_calls?.[0]?.function).toEqual({ name: 'get_time', arguments: '{"zone":"Chicago"}' });
  });

  it('honours tool_choice "none" and accepts tools as a JSON string inside a JSON body', async () => {
    expect((await query(simulator, { message: 'w', tools: [weatherTool], tool_choice: 'none' })).tool_calls).toBeNull();
    expect((await query(simulator, { message: 'w', tools: JSON.stringify([weatherTool]) })).tool_calls?.[0]?.function.name).toBe('get_weather');
  });

  it('can put calls in tool_calls_unified and leave out ids (option), or script them per request (fault)', async () => {
    await start({ toolCalls: { unified: true, omitIds: true } });
    const unified = await query(simulator, { message: 'w', tools: [weatherTool] });
    expect(unified.tool_calls).toBeNull();
    expect(unified.tool_calls_unified).toHaveLength(1);
    expect(unified.tool_calls_unified?.[0]).not.toHaveProperty('id');
    await start();
    simulator.injectFault({ kind: 'script', toolCalls: [{ name: 'lookup', arguments: { q: 1 } }], message: 'Let me look.', omitIds: true });
    const scripted = await query(simulator, { message: 'no tools sent' });
    expect(scripted.message).toBe('Let me look.');
    expect(scripted.tool_calls).toEqual([{ type: 'function', function: { name: 'lookup', arguments: '{"q":1}' } }]);
    simulator.injectFault({ kind: 'script', text: 'scripted answer' });
    expect((await query(simulator, { message: 'w', tools: [weatherTool] })).message).toBe('\n\nscripted answer');
  });

  it('answers a body that is not JSON with a Bad request', async () => {
    const response = await fetch(`${simulator.serverBaseUrl}/query`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-access-tokens': KEY }, body: '{"message":' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ response: 'Bad request', status: 400 });
  });
});
