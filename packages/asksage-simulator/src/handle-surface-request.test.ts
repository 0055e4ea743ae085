import { startAskSageSimulator } from './start-asksage-simulator';
import type { RunningSimulator } from './simulator-types';

const key = 'surface-key-000000000000000000000000000000000000000000000000000000';
let simulator: RunningSimulator;

beforeEach(async () => {
  simulator = await startAskSageSimulator({ keys: [{ key }], models: ['gpt-4o-mini', 'google-claude-45-haiku'], retiredModels: ['gpt-4o-mini-old'] });
});
afterEach(() => simulator.close());

const chat = (body: object, credential = key) =>
  fetch(`${simulator.serverBaseUrl}/openai/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` }, body: JSON.stringify(body) });
const messages = (body: object, credential = key) =>
  fetch(`${simulator.serverBaseUrl}/anthropic/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': credential, 'anthropic-version': '2023-06-01' }, body: JSON.stringify(body) });

describe('the compatibility surfaces', () => {
  it('answer chat completions with the Bearer key, echoing the last user message', async () => {
    const response = await chat({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'ping' }] });
    const body = (await response.json()) as { choices: Array<{ message: { content: string } }> };
    expect(response.status).toBe(200);
    expect(body.choices[0]?.message.content).toBe('Echo from gpt-4o-mini: ping');
    expect(simulator.requests()[0]).toMatchObject({ path: '/server/openai/v1/chat/completions', resolvedKey: key });
  });

  it('answer a bad key with AskSage\'s HTTP-200 envelope on every surface', async () => {
    for (const response of [await chat({ model: 'gpt-4o-mini', messages: [] }, 'bad'), await messages({ model: 'gpt-4o-mini', max_tokens: 5, messages: [] }, 'bad')]) {
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ response: 'Token is invalid [2]', status: 400 });
    }
    const responses = await fetch(`${simulator.serverBaseUrl}/openai/v1/responses`, { method: 'POST', headers: { 'x-access-tokens': key }, body: '{}' });
    expect(await responses.json()).toEqual({ response: 'Token is invalid [1]', status: 400 });
  });

  it('refuse more than 128 tools on the OpenAI surface, and unknown or retired models with the surface\'s 400', async () => {
    const tools = Array.from({ length: 129 }, (_, index) => ({ type: 'function', function: { name: `t${index}` } }));
    const tooMany = await chat({ model: 'gpt-4o-mini', messages: [], tools });
    expect(tooMany.status).toBe(400);
    expect(((await tooMany.json()) as { error: { message: string } }).error.message).toMatch(/maximum length 128/);
    expect((await chat({ model: 'gpt-4o-mini', messages: [], tools: tools.slice(1) })).status).toBe(200);
    const unknown = await chat({ model: 'nope', messages: [] });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ error: { message: 'Unsupported model: nope', type: 'invalid_request_error' } });
    expect((await chat({ model: 'gpt-4o-mini-old', messages: [] })).status).toBe(400);
  });

  it('answer the Anthropic surface\'s recorded 502 for an unknown top-level field or no max_tokens', async () => {
    const ok = await messages({ model: 'google-claude-45-haiku', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
    expect(await ok.json()).toMatchObject({ type: 'message', content: [{ type: 'text', text: 'Echo from google-claude-45-haiku: hi' }] });
    for (const body of [{ model: 'google-claude-45-haiku', messages: [] }, { model: 'google-claude-45-haiku', max_tokens: 10, messages: [], context_management: {} }]) {
      const response = await messages(body);
      expect(response.status).toBe(502);
      expect(await response.json()).toEqual({ type: 'error', error: { type: 'api_error', message: 'Provider request failed' } });
    }
  });

  it('stream named Anthropic events, held after the first until released', async () => {
    const gate = simulator.holdStreams();
    const response = await messages({ model: 'google-claude-45-haiku', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'hello there, a longer message' }] });
    const reader = response.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first.startsWith('event: message_start\n')).toBe(true);
    expect(simulator.streamFramesWritten()).toBe(1);
    gate.release();
    let rest = '';
    for (let read = await reader.read(); !read.done; read = await reader.read()) rest += new TextDecoder().decode(read.value);
    expect(rest.trimEnd().endsWith('event: message_stop\ndata: {"type":"message_stop"}')).toBe(true);
    const text = [...rest.matchAll(/"text_delta","text":"([^"]*)"/g)].map((match) => match[1]).join('');
    expect(text).toBe('Echo from google-claude-45-haiku: hello there, a longer message');
  });

  it('take faults on the surface paths', async () => {
    simulator.injectFault({ kind: 'http', status: 503, match: { path: '/openai/v1/chat/completions' } });
    expect((await chat({ model: 'gpt-4o-mini', messages: [] })).status).toBe(503);
    expect((await chat({ model: 'gpt-4o-mini', messages: [] })).status).toBe(200);
  });
});
