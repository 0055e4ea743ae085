import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGateway, createKeyPool, createModelCatalog, ProxyError } from '@asksage-proxy/core';
import type { UpstreamClient } from '@asksage-proxy/core';
import { createFakeUpstreamClient, createInstantClock, createRecordingLogger, createSeededRandom, createSequenceIds } from '@asksage-proxy/core/testing';
import type { FakeReplyFunction } from '@asksage-proxy/core/testing';
import { createHttpApp } from './create-http-app';

const PROXY_KEY = 'inbound-proxy-key';

interface TestApp {
  url: string;
  /** Releases the next held upstream query. */
  release: () => void;
  close: () => Promise<void>;
}

async function startApp(options: { reply?: FakeReplyFunction; hold?: boolean; maxBodyBytes?: number } = {}): Promise<TestApp> {
  const clock = createInstantClock(Date.UTC(2026, 0, 1));
  const random = createSeededRandom(3);
  const { logger } = createRecordingLogger();
  const ids = createSequenceIds();
  const keyPool = createKeyPool({ keys: [{ name: 'lab', key: 'lab-SECRET-'.padEnd(64, 's'), weight: 1 }], clock });
  const fake = createFakeUpstreamClient({ reply: options.reply ?? (() => ({ kind: 'text', text: 'Hello from AskSage' })) });
  const releases: Array<() => void> = [];
  const held = async (): Promise<void> => {
    if (options.hold === true) await new Promise<void>((resolve) => releases.push(resolve));
  };
  // The fake as is, except that completions can be held until the test releases them.
  const upstream: UpstreamClient = {
    ...fake,
    query: async (query, callOptions) => {
      await held();
      return fake.query(query, callOptions);
    },
    streamQuery: async (query, callOptions) => {
      await held();
      return fake.streamQuery(query, callOptions);
    },
  };
  const catalog = createModelCatalog(
    [
      { id: 'google-claude-45-sonnet', type: 'chat', aliases: ['claude-sonnet-4.5', 'claude-sonnet-4-5'], owned_by: 'anthropic' },
      { id: 'gpt-4o', type: 'chat', owned_by: 'openai' },
      { id: 'text-embedding-3-small', type: 'embedding', owned_by: 'openai' },
    ],
    { defaultCreated: 1_700_000_000 },
  );
  const gateway = createGateway({ upstream, keyPool, catalog, clock, random, ids, logger, options: { maxAttempts: 1 } });
  const app = createHttpApp({
    gateway,
    services: { ids, clock, responseStore: { put: async () => undefined, get: async () => undefined, delete: async () => false } },
    logger,
    ids,
    version: { name: 'asksage-proxy', current: '0.0.0-test' },
    options: { proxyApiKeys: [PROXY_KEY], heartbeatIntervalMs: 10, maxBodyBytes: options.maxBodyBytes },
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    release: () => releases.shift()?.(),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const messageBody = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({ model: 'claude-sonnet-4-5-20250929', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }], ...extra });

const anthropicHeaders = { 'content-type': 'application/json', 'x-api-key': PROXY_KEY, 'anthropic-version': '2023-06-01' };

describe('Anthropic routes', () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('answers /v1/messages?beta=true with x-api-key: a message, with request-id', async () => {
    app = await startApp();
    const response = await fetch(`${app.url}/v1/messages?beta=true`, { method: 'POST', headers: anthropicHeaders, body: messageBody() });
    expect(response.status).toBe(200);
    expect(response.headers.get('request-id')).toBe(response.headers.get('x-request-id'));
    expect(await response.json()).toMatchObject({ type: 'message', model: 'google-claude-45-sonnet', content: [{ type: 'text', text: 'Hello from AskSage' }], stop_reason: 'end_turn' });
  });

  it('renders failures before the route in Anthropic shape on Anthropic paths, OpenAI shape elsewhere', async () => {
    app = await startApp({ maxBodyBytes: 1000 });
    const noKey = await fetch(`${app.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: messageBody() });
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toEqual({ type: 'error', error: { type: 'authentication_error', message: expect.stringContaining('x-api-key') } });
    const tooLarge = await fetch(`${app.url}/v1/messages`, { method: 'POST', headers: anthropicHeaders, body: messageBody({ system: 'x'.repeat(2000) }) });
    expect(tooLarge.status).toBe(413);
    expect(((await tooLarge.json()) as { error: { type: string } }).error.type).toBe('request_too_large');
    const wrongMethod = await fetch(`${app.url}/v1/messages`, { headers: anthropicHeaders });
    expect(wrongMethod.status).toBe(405);
    expect(await wrongMethod.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    const chat = await fetch(`${app.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(((await chat.json()) as { error: { code: string } }).error.code).toBe('invalid_api_key');
  });

  it('answers an overloaded model with 529 overloaded_error on /v1/messages and 503 on chat: the per-dialect status column', async () => {
    const overloaded = () => ({ kind: 'error', error: new ProxyError('model_overloaded', 'The model is overloaded at AskSage; try again in a few seconds.', { isRetryable: true }) }) as const;
    app = await startApp({ reply: overloaded });
    const anthropic = await fetch(`${app.url}/v1/messages`, { method: 'POST', headers: anthropicHeaders, body: messageBody() });
    expect(anthropic.status).toBe(529);
    expect(await anthropic.json()).toEqual({ type: 'error', error: { type: 'overloaded_error', message: expect.stringContaining('overloaded') } });
    await app.close();
    app = await startApp({ reply: overloaded });
    const chat = await fetch(`${app.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${PROXY_KEY}` },
      body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] }),
    });
    expect(chat.status).toBe(503);
  });

  it('sends event: ping frames while AskSage is silent, after message_start', async () => {
    app = await startApp({ hold: true });
    const response = await fetch(`${app.url}/v1/messages`, { method: 'POST', headers: anthropicHeaders, body: messageBody({ stream: true }) });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let received = '';
    while (!received.includes('event: ping\ndata: {"type":"ping"}\n\n')) {
      const chunk = await reader.read();
      if (chunk.done) break;
      received += decoder.decode(chunk.value, { stream: true });
    }
    app.release();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) received += decoder.decode(chunk.value, { stream: true });
    expect(received.startsWith('event: message_start\n')).toBe(true);
    expect(received.indexOf('event: ping')).toBeLessThan(received.indexOf('event: content_block_start'));
    expect(received.trimEnd().endsWith('event: message_stop\ndata: {"type":"message_stop"}')).toBe(true);
  });

  it('counts tokens for /v1/messages/count_tokens and 404s an unknown model there', async () => {
    app = await startApp();
    const counted = await fetch(`${app.url}/v1/messages/count_tokens`, { method: 'POST', headers: anthropicHeaders, body: JSON.stringify({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Count these words please' }] }) });
    expect(counted.status).toBe(200);
    expect(((await counted.json()) as { input_tokens: number }).input_tokens).toBeGreaterThan(0);
    const unknown = await fetch(`${app.url}/v1/messages/count_tokens`, { method: 'POST', headers: anthropicHeaders, body: JSON.stringify({ model: 'claude-nope-1', messages: [{ role: 'user', content: 'x' }] }) });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { type: string } }).error.type).toBe('not_found_error');
  });

  it('lists chat models in Anthropic shape with anthropic-version, and every model in OpenAI shape without', async () => {
    app = await startApp();
    const anthropic = (await (await fetch(`${app.url}/v1/models`, { headers: anthropicHeaders })).json()) as { data: Array<{ id: string; type: string }>; has_more: boolean };
    expect(anthropic.data.map((model) => model.id)).toEqual(['claude-sonnet-4-5', 'gpt-4o']);
    expect(anthropic.has_more).toBe(false);
    const one = await (await fetch(`${app.url}/v1/models/claude-sonnet-4-5-20250929`, { headers: anthropicHeaders })).json();
    expect(one).toMatchObject({ type: 'model', id: 'claude-sonnet-4-5', display_name: 'google-claude-45-sonnet' });
    const openai = (await (await fetch(`${app.url}/v1/models`, { headers: { authorization: `Bearer ${PROXY_KEY}` } })).json()) as { object: string; data: Array<{ id: string }> };
    expect(openai.object).toBe('list');
    expect(openai.data.map((model) => model.id)).toEqual(['google-claude-45-sonnet', 'gpt-4o', 'text-embedding-3-small']);
  });

  it('answers errors on the shared models routes in the shape the client speaks: Anthropic with anthropic-version', async () => {
    app = await startApp();
    const anthropic = await fetch(`${app.url}/v1/models/claude-nope-1`, { headers: anthropicHeaders });
    expect(anthropic.status).toBe(404);
    expect(await anthropic.json()).toEqual({ type: 'error', error: { type: 'not_found_error', message: expect.stringContaining('claude-nope-1') } });
    const anthropicNoKey = await fetch(`${app.url}/v1/models`, { headers: { 'anthropic-version': '2023-06-01' } });
    expect(anthropicNoKey.status).toBe(401);
    expect(await anthropicNoKey.json()).toEqual({ type: 'error', error: { type: 'authentication_error', message: expect.stringContaining('x-api-key') } });
    const openai = await fetch(`${app.url}/v1/models/claude-nope-1`, { headers: { authorization: `Bearer ${PROXY_KEY}` } });
    expect(openai.status).toBe(404);
    expect(((await openai.json()) as { error: { code: string } }).error.code).toBe('model_not_found');
  });

  it('answers the HEAD / probe without a key', async () => {
    app = await startApp();
    expect((await fetch(`${app.url}/`, { method: 'HEAD' })).status).toBe(200);
  });
});
