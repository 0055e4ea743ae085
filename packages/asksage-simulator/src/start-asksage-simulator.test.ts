import http from 'node:http';
import getModelsFixture from '../../../fixtures/asksage/get-models-default.json';
import tokenFixture from '../../../fixtures/asksage/get-token-with-api-key.json';
import tokenInvalid1Fixture from '../../../fixtures/asksage/token-invalid-1.json';
import tokenInvalid2Fixture from '../../../fixtures/asksage/token-invalid-2.json';
import tokenizerFixture from '../../../fixtures/asksage/tokenizer.json';
import { DEMO_KEY } from './demo-key';
import { startAskSageSimulator } from './start-asksage-simulator';
import type { RunningSimulator } from './simulator-types';

const KEY_A = 'key-a-'.padEnd(64, 'a');
const KEY_B = 'key-b-'.padEnd(64, 'b');

async function call(simulator: RunningSimulator, path: string, init: { method?: string; body?: unknown; token?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token !== undefined) headers['x-access-tokens'] = init.token;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${simulator.url}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  return { status: response.status, text, json: () => JSON.parse(text) as Record<string, unknown>, headers: response.headers };
}

async function waitUntil(predicate: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 500 && !predicate(); attempt += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(predicate()).toBe(true);
}

describe('startAskSageSimulator: routes, auth and recorder', () => {
  let now = Date.UTC(2026, 8, 26, 4, 0, 0);
  let simulator: RunningSimulator;

  beforeAll(async () => {
    simulator = await startAskSageSimulator({
      keys: [{ key: KEY_A }, { key: KEY_B, models: ['gpt-4o', 'llma3'], email: 'b@lab.gov' }],
      now: () => now,
    });
  });
  afterAll(() => simulator.close());
  beforeEach(() => simulator.reset());

  it('listens on 127.0.0.1 with /server and /user roots on the same port', () => {
    expect(simulator.url).toBe(`http://127.0.0.1:${simulator.port}`);
    expect(simulator.serverBaseUrl).toBe(`${simulator.url}/server`);
    expect(simulator.userBaseUrl).toBe(`${simulator.url}/user`);
  });

  it('answers a missing x-access-tokens with the recorded "[1]" body, byte for byte, as HTTP 200', async () => {
    const reply = await call(simulator, '/server/count-monthly-tokens');
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(`${JSON.stringify(tokenInvalid1Fixture.response.body)}\n`);
  });

  it('rejects Authorization: Bearer on native endpoints like AskSage does ("[1]")', async () => {
    const reply = await call(simulator, '/server/query', { body: { message: 'hi', model: 'gpt-4o' }, headers: { authorization: `Bearer ${KEY_A}` } });
    expect(reply.json()).toEqual({ response: 'Token is invalid [1]', status: 400 });
  });

  it('answers an unknown credential with the recorded "[2]" body, byte for byte, as HTTP 200', async () => {
    const reply = await call(simulator, '/server/count-monthly-tokens', { token: 'bogus'.padEnd(65, 'x') });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(`${JSON.stringify(tokenInvalid2Fixture.response.body)}\n`);
  });

  it('serves the full catalog without a token and narrows it to the key entitlement with one', async () => {
    const all = (await call(simulator, '/server/get-models')).json();
    expect((all.response as string[]).length).toBeGreaterThanOrEqual(25);
    expect(all.response).toEqual(expect.arrayContaining(['gpt-4o', 'claude-35-sonnet']));
    const narrowed = (await call(simulator, '/server/get-models', { body: {}, token: KEY_B })).json();
    expect(narrowed.response).toEqual(['gpt-4o', 'llma3']);
    expect(narrowed.data).toEqual([
      { created: 'na', id: 'gpt-4o', name: 'gpt-4o', object: 'model', owned_by: 'organization-owner' },
      { created: 'na', id: 'llma3', name: 'llma3', object: 'model', owned_by: 'organization-owner' },
    ]);
    const bad = await call(simulator, '/server/get-models', { body: {}, token: 'nope' });
    expect(bad.status).toBe(200);
    expect(bad.json()).toEqual({ response: 'Token is invalid [2]', status: 400 });
  });

  it('serves enriched objects for ?format=full, recorded entries verbatim', async () => {
    const full = (await call(simulator, '/server/get-models?format=full')).json() as unknown as Array<Record<string, unknown>>;
    expect(Array.isArray(full)).toBe(true);
    const llama = full.find((entry) => entry.id === 'llma3');
    expect(llama).toEqual({
      aliases: [],
      capabilities: ['text'],
      cui_capable: true,
      date_added: null,
      deprecation: { message: null, replacement_id: null, state: 'active', sunset_at: null },
      display_name: 'Meta Llama 3',
      id: 'llma3',
      limits: { max_context: 8000, max_output: 5500 },
      paid_only: true,
      tier: 'standard',
      token_conversion_rate: null,
      vendor: 'Meta',
    });
    expect(full.every((entry) => typeof entry.display_name === 'string' && Array.isArray(entry.capabilities))).toBe(true);
  });

  it('exchanges an API key for a 24 h token (string status) that works as x-access-tokens, then expires', async () => {
    const exchange = await call(simulator, '/user/get-token-with-api-key', { body: { email: 'B@Lab.gov', api_key: KEY_B } });
    const token = (exchange.json().response as { access_token: string }).access_token;
    expect(token.split('.')).toHaveLength(3);
    expect(token).not.toContain(KEY_B);
    expect(exchange.text.replace(token, '<REDACTED_JWT>')).toBe(tokenFixture.response.body_text);

    const used = await call(simulator, '/server/query', { body: { message: 'hi', model: 'gpt-4o' }, token });
    expect(used.json().status).toBe(200);
    expect(simulator.requests().at(-1)).toMatchObject({ accessToken: token, resolvedKey: KEY_B });

    now += 24 * 3600 * 1000;
    expect((await call(simulator, '/server/count-monthly-tokens', { token })).json()).toEqual({ response: 'Token is invalid [2]', status: 400 });
    expect((await call(simulator, '/server/count-monthly-tokens', { token: KEY_B })).json().status).toBe(200);
  });

  it('refuses a token exchange for a wrong email, an unknown key or missing fields', async () => {
    for (const body of [{ email: 'x@lab.gov', api_key: KEY_B }, { email: 'a@lab.gov', api_key: 'unknown' }, { api_key: KEY_A }]) {
      const reply = await call(simulator, '/user/get-token-with-api-key', { body });
      expect(reply.status).toBe(200);
      expect(reply.json().status).toBe(400);
      expect(reply.text).not.toContain(KEY_B);
    }
  });

  it('counts monthly tokens per key as integers, growing with each billed query', async () => {
    const before = (await call(simulator, '/server/count-monthly-tokens', { token: KEY_A })).json();
    expect(before).toEqual({ response: 0, status: 200 });
    await call(simulator, '/server/query', { body: { message: 'bill me', model: 'gpt-4o' }, token: KEY_A });
    const after = (await call(simulator, '/server/count-monthly-tokens', { method: 'POST', body: { app_name: 'x' }, token: KEY_A })).json();
    expect(typeof after.response).toBe('number');
    expect(after.response).toBeGreaterThan(0);
    expect((await call(simulator, '/server/count-monthly-tokens', { token: KEY_B })).json().response).toBe(0);
    const left = (await call(simulator, '/server/count-monthly-tokens-left-with-org', { method: 'POST', body: {}, token: KEY_A })).json();
    expect(left.response).toBe(200_000 - (after.response as number));
    expect((await call(simulator, '/server/count-monthly-teach-tokens', { token: KEY_A })).json()).toEqual({ response: 0, status: 200 });
  });

  it('returns tokenizer counts as strings, like the recording', async () => {
    const reply = (await call(simulator, '/server/tokenizer', { body: { content: 'x'.repeat(400), model: 'gpt-4o' }, token: KEY_A })).json();
    expect(typeof tokenizerFixture.response.body.response).toBe('string');
    expect(reply).toEqual({ response: '100', status: 200 });
    const converted = (await call(simulator, '/server/tokenizer', { body: { content: 'x'.repeat(4000), convert_to_asksage: true }, token: KEY_A })).json();
    expect(typeof converted.response).toBe('string');
    expect(Number(converted.response)).toBeLessThan(1000);
  });

  it('answers unknown routes with a 404 JSON body', async () => {
    const server = await call(simulator, '/server/nope');
    expect(server.status).toBe(404);
    expect(server.json()).toEqual({ response: 'Not found', status: 404 });
    expect((await call(simulator, '/elsewhere')).status).toBe(404);
  });

  it('records method, path, query, headers, credential, body type and parsed body; reset clears them', async () => {
    await call(simulator, '/server/get-models?format=full', { body: { a: 1 }, token: KEY_A });
    const [recorded] = simulator.requests();
    expect(recorded).toMatchObject({
      index: 1,
      method: 'POST',
      path: '/server/get-models',
      query: { format: 'full' },
      accessToken: KEY_A,
      resolvedKey: KEY_A,
      bodyType: 'json',
      body: { a: 1 },
    });
    expect(recorded?.headers['x-access-tokens']).toBe(KEY_A);
    const overHttp = (await call(simulator, '/__sim/requests')).json() as unknown as unknown[];
    expect(overHttp).toHaveLength(1);
    await call(simulator, '/__sim/reset', { method: 'POST' });
    expect(simulator.requests()).toEqual([]);
  });

  it('rejects a key marked invalid at run time, including tokens issued for it, until restored', async () => {
    const token = ((await call(simulator, '/user/get-token-with-api-key', { body: { email: 'a@lab.gov', api_key: KEY_A } })).json().response as { access_token: string }).access_token;
    simulator.setKeyInvalid(KEY_A, true);
    expect((await call(simulator, '/server/query', { body: { message: 'hi', model: 'gpt-4o' }, token: KEY_A })).json()).toEqual({ response: 'Token is invalid [2]', status: 400 });
    expect((await call(simulator, '/server/query', { body: { message: 'hi', model: 'gpt-4o' }, token })).json().status).toBe(400);
    await call(simulator, '/__sim/keys', { body: { key: KEY_A, invalid: false } });
    expect((await call(simulator, '/server/query', { body: { message: 'hi', model: 'gpt-4o' }, token: KEY_A })).json().status).toBe(200);
    expect(() => simulator.setKeyInvalid('not-a-key', true)).toThrow(/not one of the simulator keys/);
  });

  it('counts open sockets, and a stalled request is released when the client aborts', async () => {
    simulator.injectFault({ kind: 'stall' });
    const baseline = simulator.openSockets();
    const request = http.request(`${simulator.serverBaseUrl}/query`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'x-access-tokens': KEY_A } });
    request.on('error', () => undefined);
    request.end(JSON.stringify({ message: 'hi', model: 'gpt-4o' }));
    await waitUntil(() => simulator.requests().length === 1);
    expect(simulator.openSockets()).toBe(baseline + 1);
    request.destroy();
    await waitUntil(() => simulator.openSockets() === baseline);
  });
});

describe('startAskSageSimulator: defaults and lifecycle', () => {
  it('accepts DEMO_KEY by default, an obviously fake 64-character key', async () => {
    const simulator = await startAskSageSimulator();
    try {
      expect(DEMO_KEY).toHaveLength(64);
      expect(DEMO_KEY).toMatch(/demo/);
      const reply = await call(simulator, '/server/query', { body: { message: 'Hello demo', model: 'gpt-4o' }, token: DEMO_KEY });
      expect(reply.json().message).toBe('\n\nEcho from gpt-4o: Hello demo');
    } finally {
      await simulator.close();
    }
  });

  it('serves the recorded get-models body byte for byte for the recorded catalog', async () => {
    const simulator = await startAskSageSimulator({ models: getModelsFixture.response.body.response });
    try {
      const reply = await call(simulator, '/server/get-models', { body: {}, token: DEMO_KEY });
      expect(reply.text).toBe(getModelsFixture.response.body_text);
      expect(reply.headers.get('content-type')).toBe('application/json');
    } finally {
      await simulator.close();
    }
  });

  it('close() ends promptly even with a stalled request holding a socket', async () => {
    const simulator = await startAskSageSimulator();
    simulator.injectFault({ kind: 'stall', times: 'always' });
    const pending = fetch(`${simulator.serverBaseUrl}/query`, { method: 'POST', headers: { 'x-access-tokens': DEMO_KEY }, body: '{"message":"x"}' }).catch((error: unknown) => error);
    await waitUntil(() => simulator.requests().length === 1);
    await simulator.close();
    expect(simulator.openSockets()).toBe(0);
    // undici's TypeError comes from another realm than Jest's, so match the message rather than instanceof.
    expect(await pending).toMatchObject({ message: 'fetch failed' });
  });
});
