import { ProxyError } from '@asksage-proxy/core';
import type { ChatCompletion, Model, ModelList, OpenAIErrorEnvelope } from '@asksage-proxy/core';
import { expectOpenAISchema } from '../../../test-support/openai-spec-validator';
import { sendRawRequest } from './__fixtures__/send-raw-request';
import { createFakeGateway } from './__fixtures__/create-fake-gateway';
import { createRecordingLogger, startTestApp } from './__fixtures__/start-test-app';
import type { TestApp } from './__fixtures__/start-test-app';

const chatBody = { model: 'gpt-4.1', messages: [{ role: 'user', content: 'Hi' }] };

function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

describe('createHttpApp routes', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('answers a chat completion with an OpenAI-valid body, with or without /v1', async () => {
    for (const path of ['/v1/chat/completions', '/chat/completions']) {
      const response = await postJson(`${app.url}${path}`, chatBody);
      expect(response.status).toBe(200);
      expect(response.headers.get('x-request-id')).toMatch(/^req_/);
      const body = (await response.json()) as ChatCompletion;
      expectOpenAISchema('CreateChatCompletionResponse', body);
      expect(body.choices[0]?.message.content).toBe('Hello there.');
      expect(body.usage).toEqual({ prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 });
      const last = app.gateway.calls[app.gateway.calls.length - 1];
      // The gateway gets the neutral request parsed from the body, not the body itself.
      expect(last?.method).toBe('complete');
      expect(last?.request.model).toBe('gpt-4.1');
      expect(last?.request.conversation.system).toEqual([]);
      expect(last?.request.conversation.turns).toEqual([{ role: 'user', parts: [{ type: 'text', text: 'Hi' }] }]);
      expect(last?.context.requestId).toBe(response.headers.get('x-request-id'));
      expect(last?.context.signal?.aborted).toBe(false);
    }
    expect(app.gateway.calls).toHaveLength(2);
  });

  it('hands system and developer messages to the gateway as the conversation system', async () => {
    const body = { model: 'meta/llama-3.1-70b', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'developer', content: 'No markdown.' }, ...chatBody.messages] };
    const response = await postJson(`${app.url}/v1/chat/completions`, body);
    expect(response.status).toBe(200);
    expect(((await response.json()) as ChatCompletion).model).toBe('meta/llama-3.1-70b');
    const last = app.gateway.calls[app.gateway.calls.length - 1];
    expect(last?.request).toMatchObject({ model: 'meta/llama-3.1-70b', conversation: { system: ['Be brief.', 'No markdown.'], turns: [{ role: 'user', parts: [{ type: 'text', text: 'Hi' }] }] } });
  });

  it('lists and retrieves models, ids with dots and slashes included', async () => {
    for (const path of ['/v1/models', '/models']) {
      const list = (await (await fetch(`${app.url}${path}`)).json()) as ModelList;
      expectOpenAISchema('ListModelsResponse', list);
      expect(list.data.map((model) => model.id)).toEqual(['gpt-4.1', 'meta/llama-3.1-70b']);
    }
    for (const id of ['gpt-4.1', 'meta/llama-3.1-70b']) {
      const response = await fetch(`${app.url}/v1/models/${id}`);
      expect(response.status).toBe(200);
      const model = (await response.json()) as Model;
      expectOpenAISchema('Model', model);
      expect(model.id).toBe(id);
    }
    const missing = await fetch(`${app.url}/models/gpt-9`);
    expect(missing.status).toBe(404);
    const envelope = (await missing.json()) as OpenAIErrorEnvelope;
    expectOpenAISchema('ErrorResponse', envelope);
    expect(envelope.error).toMatchObject({ code: 'model_not_found', type: 'not_found_error', param: 'model' });
  });

  it('describes itself on GET /', async () => {
    const body = await (await fetch(`${app.url}/`)).json();
    expect(body).toEqual({ name: 'asksage-proxy', version: '1.2.3', endpoints: expect.arrayContaining(['POST /v1/chat/completions', 'GET /v1/models', 'GET /health']) });
  });

  it('reports health with key names', async () => {
    const response = await fetch(`${app.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ready', keys: [{ name: 'key_1', state: 'healthy' }] });
  });

  it('answers unknown routes with a 404 envelope naming the path and the endpoints', async () => {
    const response = await fetch(`${app.url}/v1/audio/speech`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(404);
    const body = (await response.json()) as OpenAIErrorEnvelope;
    expectOpenAISchema('ErrorResponse', body);
    expect(body.error.code).toBe('not_found');
    expect(body.error.message).toContain('POST /v1/audio/speech');
    expect(body.error.message).toContain('POST /v1/chat/completions');
  });

  it('answers a path with broken percent-encoding with 400, not 500', async () => {
    const response = await fetch(`${app.url}/v1/models/%E0%A4%A`);
    expect(response.status).toBe(400);
    const body = (await response.json()) as OpenAIErrorEnvelope;
    expectOpenAISchema('ErrorResponse', body);
    expect(body.error.code).toBe('invalid_request');
  });

  it('answers a wrong method on a known route with 405 and Allow', async () => {
    const chat = await fetch(`${app.url}/v1/chat/completions`);
    expect(chat.status).toBe(405);
    expect(chat.headers.get('allow')).toBe('POST, OPTIONS');
    const body = (await chat.json()) as OpenAIErrorEnvelope;
    expectOpenAISchema('ErrorResponse', body);
    expect(body.error.code).toBe('method_not_allowed');
    const models = await fetch(`${app.url}/v1/models`, { method: 'DELETE' });
    expect(models.status).toBe(405);
    expect(models.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
  });

  it('answers CORS preflights without auth and echoes the SDK headers', async () => {
    const secured = await startTestApp({ options: { proxyApiKeys: ['proxy-secret'] } });
    try {
      const response = await fetch(`${secured.url}/v1/chat/completions`, {
        method: 'OPTIONS',
        headers: {
          origin: 'http://localhost:5173',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type,x-stainless-os,x-stainless-retry-count',
        },
      });
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(response.headers.get('access-control-allow-methods')).toContain('POST');
      expect(response.headers.get('access-control-allow-headers')).toBe('authorization,content-type,x-stainless-os,x-stainless-retry-count');
      expect(Number(response.headers.get('access-control-max-age'))).toBeGreaterThan(0);
      const actual = await postJson(`${secured.url}/v1/chat/completions`, chatBody, { authorization: 'Bearer proxy-secret', origin: 'http://localhost:5173' });
      expect(actual.headers.get('access-control-allow-origin')).toBe('*');
    } finally {
      await secured.close();
    }
  });
});

describe('browser guard', () => {
  it('without proxy_api_keys, refuses pages from other origins (preflight or not) but serves this machine\'s pages and non-browser clients', async () => {
    const app = await startTestApp();
    try {
      const preflight = await fetch(`${app.url}/v1/chat/completions`, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
      expect(preflight.status).toBe(403);
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      // A body the browser sends without preflight (a Blob with no type has no Content-Type header).
      const simple = await postJson(`${app.url}/v1/chat/completions`, chatBody, { origin: 'https://evil.example' });
      expect(simple.status).toBe(403);
      expect(((await simple.json()) as OpenAIErrorEnvelope).error.code).toBe('origin_not_allowed');
      expect(app.gateway.calls.length).toBe(0);

      const local = await postJson(`${app.url}/v1/chat/completions`, chatBody, { origin: 'http://localhost:5173' });
      expect(local.status).toBe(200);
      expect(local.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
      expect((await postJson(`${app.url}/v1/chat/completions`, chatBody)).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('serves origins listed in corsOrigins', async () => {
    const app = await startTestApp({ options: { corsOrigins: ['https://chat.example.org'] } });
    try {
      const response = await postJson(`${app.url}/v1/chat/completions`, chatBody, { origin: 'https://chat.example.org' });
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe('https://chat.example.org');
    } finally {
      await app.close();
    }
  });

  it('with allowedHosts loopback, refuses a rebinding Host header', async () => {
    const app = await startTestApp({ options: { allowedHosts: 'loopback' } });
    try {
      expect((await fetch(`${app.url}/v1/models`)).status).toBe(200);
      const rebound = await sendRawRequest(app.port, { method: 'GET', path: '/v1/models', headers: { host: 'attacker.example:80' } });
      expect(rebound.status).toBe(403);
    } finally {
      await app.close();
    }
  });
});

describe('inbound auth', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ options: { proxyApiKeys: ['first-key', 'second-key-longer'] } });
  });
  afterAll(() => app.close());

  it('accepts any configured key', async () => {
    for (const key of ['first-key', 'second-key-longer']) {
      expect((await fetch(`${app.url}/v1/models`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    }
  });

  it('refuses a missing or wrong key with 401 without echoing it', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong-key-123' }, { authorization: 'first-key' }, { authorization: 'Bearer first-ke' }] as Array<Record<string, string>>) {
      const response = await postJson(`${app.url}/v1/chat/completions`, chatBody, headers);
      expect(response.status).toBe(401);
      const body = (await response.json()) as OpenAIErrorEnvelope;
      expectOpenAISchema('ErrorResponse', body);
      expect(body.error).toMatchObject({ code: 'invalid_api_key', type: 'authentication_error' });
      expect(body.error.message).toContain('proxy_api_keys');
      expect(body.error.message).not.toContain('wrong-key-123');
    }
    expect(app.gateway.calls).toHaveLength(0);
  });

  it('accepts a configured key sent as x-api-key, as Anthropic clients send it', async () => {
    for (const key of ['first-key', 'second-key-longer']) {
      expect((await fetch(`${app.url}/v1/models`, { headers: { 'x-api-key': key } })).status).toBe(200);
    }
    const before = app.gateway.calls.length;
    const chat = await postJson(`${app.url}/v1/chat/completions`, chatBody, { 'x-api-key': 'second-key-longer' });
    expect(chat.status).toBe(200);
    expect(app.gateway.calls).toHaveLength(before + 1);
  });

  it('accepts the proxy key in either header when a client sends both, one of them a placeholder', async () => {
    expect((await fetch(`${app.url}/v1/models`, { headers: { authorization: 'Bearer placeholder', 'x-api-key': 'first-key' } })).status).toBe(200);
    expect((await fetch(`${app.url}/v1/models`, { headers: { authorization: 'Bearer first-key', 'x-api-key': 'placeholder' } })).status).toBe(200);
    expect((await fetch(`${app.url}/v1/models`, { headers: { authorization: 'Bearer placeholder', 'x-api-key': 'placeholder' } })).status).toBe(401);
  });

  it('refuses a wrong or blank x-api-key with 401 without echoing it, and names both headers when none is sent', async () => {
    const before = app.gateway.calls.length;
    for (const key of ['wrong-key-123', 'first-ke', 'first-key-', ' ']) {
      const response = await postJson(`${app.url}/v1/chat/completions`, chatBody, { 'x-api-key': key });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      const body = (await response.json()) as OpenAIErrorEnvelope;
      expectOpenAISchema('ErrorResponse', body);
      expect(body.error).toMatchObject({ code: 'invalid_api_key', type: 'authentication_error' });
      expect(body.error.message).not.toContain('wrong-key-123');
    }
    const missing = (await (await postJson(`${app.url}/v1/chat/completions`, chatBody)).json()) as OpenAIErrorEnvelope;
    expect(missing.error.message).toContain('Authorization: Bearer');
    expect(missing.error.message).toContain('x-api-key');
    expect(app.gateway.calls).toHaveLength(before);
  });

  it('leaves /, /health and /version open', async () => {
    for (const path of ['/', '/health', '/version']) expect((await fetch(`${app.url}${path}`)).status).toBe(200);
  });

  it('ignores Authorization entirely when no proxy keys are configured', async () => {
    const open = await startTestApp();
    try {
      expect((await fetch(`${open.url}/v1/models`, { headers: { authorization: 'Bearer sk-anything' } })).status).toBe(200);
    } finally {
      await open.close();
    }
  });
});

describe('health, version and unexpected errors', () => {
  it('answers 503 when no key is usable, 200 when degraded', async () => {
    let status: 'degraded' | 'unavailable' = 'unavailable';
    const app = await startTestApp({ gateway: createFakeGateway({ health: () => ({ status, keys: [] }) }) });
    try {
      const unavailable = await fetch(`${app.url}/health`);
      expect(unavailable.status).toBe(503);
      expect(await unavailable.json()).toEqual({ status: 'unavailable', keys: [] });
      status = 'degraded';
      expect((await fetch(`${app.url}/health`)).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('reports the latest version, and null when the lookup fails or hangs', async () => {
    const cases: Array<[() => Promise<string | undefined>, string | null]> = [
      [async () => '2.0.0', '2.0.0'],
      [async () => { throw new Error('offline'); }, null],
      [() => new Promise<string | undefined>(() => undefined), null],
    ];
    for (const [latest, expected] of cases) {
      const app = await startTestApp({ version: { name: 'asksage-proxy', current: '1.2.3', latest } });
      try {
        expect(await (await fetch(`${app.url}/version`)).json()).toEqual({ name: 'asksage-proxy', current: '1.2.3', latest: expected });
      } finally {
        await app.close();
      }
    }
  });

  it('hides a bug behind a generic 500 that quotes the request id, and logs the details', async () => {
    const app = await startTestApp({ gateway: createFakeGateway({ listModels: () => { throw new TypeError('secret internals'); } }) });
    try {
      const response = await fetch(`${app.url}/v1/models`);
      expect(response.status).toBe(500);
      const requestId = response.headers.get('x-request-id');
      const body = (await response.json()) as OpenAIErrorEnvelope;
      expectOpenAISchema('ErrorResponse', body);
      expect(body.error.message).toBe(`internal error; see the proxy log for request ${requestId}`);
      expect(JSON.stringify(body)).not.toContain('secret internals');
      const logged = app.logger.entries.find((entry) => entry.level === 'error');
      expect(String(logged?.fields?.error)).toContain('secret internals');
      expect(logged?.fields?.requestId).toBe(requestId);
    } finally {
      await app.close();
    }
  });

  it('logs one info line per request with model and stream, never the Authorization header', async () => {
    const app = await startTestApp({ options: { proxyApiKeys: ['very-secret-key'] } });
    try {
      await postJson(`${app.url}/v1/chat/completions`, chatBody, { authorization: 'Bearer very-secret-key' });
      await new Promise((resolve) => setImmediate(resolve));
      const lines = app.logger.entries.filter((entry) => entry.level === 'info');
      expect(lines).toHaveLength(1);
      expect(lines[0]?.fields).toMatchObject({ method: 'POST', path: '/v1/chat/completions', status: 200, model: 'gpt-4.1', stream: false, requestId: 'req_1' });
      expect(typeof lines[0]?.fields?.durationMs).toBe('number');
      expect(JSON.stringify(app.logger.entries)).not.toContain('very-secret-key');
    } finally {
      await app.close();
    }
  });

  it('logs request and response bodies at debug only', async () => {
    const quiet = await startTestApp();
    const verbose = await startTestApp({ logger: createRecordingLogger(true) });
    try {
      for (const app of [quiet, verbose]) await postJson(`${app.url}/v1/chat/completions`, chatBody);
      expect(quiet.logger.entries.filter((entry) => entry.level === 'debug')).toEqual([]);
      const debug = verbose.logger.entries.filter((entry) => entry.level === 'debug').map((entry) => entry.message);
      expect(debug).toEqual(expect.arrayContaining(['openai-chat request body', 'openai-chat response body']));
    } finally {
      await quiet.close();
      await verbose.close();
    }
  });

  it('renders a rejected gateway call with the retry hint', async () => {
    const gateway = createFakeGateway({
      complete: async () => { throw new ProxyError('upstream_rate_limited', 'AskSage rate limit on key_1', { retryAfterSeconds: 2.2 }); },
    });
    const app = await startTestApp({ gateway });
    try {
      const response = await postJson(`${app.url}/v1/chat/completions`, chatBody);
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('3');
      expect(((await response.json()) as OpenAIErrorEnvelope).error).toEqual({ message: 'AskSage rate limit on key_1', type: 'rate_limit_error', param: null, code: 'upstream_rate_limited' });
    } finally {
      await app.close();
    }
  });
});
