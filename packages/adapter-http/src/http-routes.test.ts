import { ProxyError } from '@asksage-proxy/core';
import type { CompletionEvent, Dialect, OpenAIErrorEnvelope, RenderableError } from '@asksage-proxy/core';
import { expectOpenAISchema } from '../../../test-support/openai-spec-validator';
import { createFakeGateway, failingEvents } from './__fixtures__/create-fake-gateway';
import { parseSseText } from './__fixtures__/read-sse';
import { sendRawRequest } from './__fixtures__/send-raw-request';
import { startTestApp } from './__fixtures__/start-test-app';
import type { TestApp } from './__fixtures__/start-test-app';
import { createDialectHandler } from './create-dialect-handler';
import { describeRoutes, httpRoutes } from './http-routes';
import type { RouteSpec } from './route-spec';

/** The error body of the test dialect: deliberately unlike OpenAI's, so a test can tell which dialect rendered it. */
interface EchoError {
  failure: { kind: string; text: string; status: number };
}

function renderEchoError(error: RenderableError): EchoError {
  return { failure: { kind: error.code, text: error.message, status: error.status } };
}

/** A tiny dialect: `{ model, say }` in, `{ echo }` out; named frames, a `ping` frame heartbeat, no terminator. */
const echoDialect: Dialect<{ model: string; say: string; stream?: boolean }, Record<string, never>> = {
  id: 'echo',
  requestSchema: { type: 'object', required: ['model', 'say'], properties: { model: { type: 'string', minLength: 1 }, say: { type: 'string' }, stream: { type: 'boolean' } } },
  idPrefix: 'echo_',
  framing: { heartbeat: { event: 'ping', data: '{}' } },
  parseRequest: (body) => ({
    model: body.model,
    conversation: { system: [], turns: [{ role: 'user', parts: [{ type: 'text', text: body.say }] }], sampling: {} },
    stream: body.stream === true,
    options: {},
  }),
  renderResult: (result, meta) => ({ echo: result.text, id: meta.id, model: meta.model }),
  renderStream: async function* (events: AsyncIterable<CompletionEvent>, meta) {
    yield { event: 'start', data: JSON.stringify({ id: meta.id }) };
    for await (const event of events) if (event.type === 'text-delta') yield { event: 'text', data: event.delta };
    yield { event: 'stop', data: '{}' };
  },
  renderError: renderEchoError,
  renderStreamError: (error) => [{ event: 'failure', data: JSON.stringify(renderEchoError(error)) }],
};

const echoRoute: RouteSpec = {
  method: 'POST',
  path: '/v1/echo',
  mount: ['/v1/echo'],
  pattern: /^\/v1\/echo\/?$/,
  isPublic: false,
  dialect: echoDialect,
  hasBody: true,
  handler: createDialectHandler(echoDialect),
};

const routes: readonly RouteSpec[] = [...httpRoutes, echoRoute];

function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

describe('the route table', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ routes });
  });
  afterAll(() => app.close());

  it('lists every row of the table on GET /', async () => {
    const body = (await (await fetch(`${app.url}/`)).json()) as { endpoints: string[] };
    expect(body.endpoints).toEqual(describeRoutes(routes));
    expect(body.endpoints).toContain('POST /v1/echo');
  });

  it('lists the rows of the table in the 404 message', async () => {
    const response = await fetch(`${app.url}/v1/nothing-here`);
    expect(response.status).toBe(404);
    const message = ((await response.json()) as OpenAIErrorEnvelope).error.message;
    for (const line of describeRoutes(routes)) expect(message).toContain(line);
  });

  it('answers a wrong method with 405 and the Allow of the matching rows, for CORS preflights too', async () => {
    const wrong = await fetch(`${app.url}/v1/echo`, { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST, OPTIONS');
    const preflight = await fetch(`${app.url}/v1/echo`, { method: 'OPTIONS', headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('allow')).toBe('POST, OPTIONS');
  });

  it('serves a dialect row: the body goes through the dialect to the gateway and back', async () => {
    const response = await post(`${app.url}/v1/echo`, { model: 'gpt-4.1', say: 'ping' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ echo: 'Hello there.', id: 'echo_1', model: 'gpt-4.1' });
    const last = app.gateway.calls[app.gateway.calls.length - 1];
    expect(last?.request).toMatchObject({ model: 'gpt-4.1', conversation: { turns: [{ role: 'user', parts: [{ type: 'text', text: 'ping' }] }] } });
  });

  it('streams a dialect row with its own framing: named frames, no terminator', async () => {
    const text = await (await post(`${app.url}/v1/echo`, { model: 'gpt-4.1', say: 'ping', stream: true })).text();
    expect(parseSseText(text).events).toEqual([
      { event: 'start', data: '{"id":"echo_2"}' },
      { event: 'text', data: 'Hello ' },
      { event: 'text', data: 'there.' },
      { event: 'stop', data: '{}' },
    ]);
    expect(text).not.toContain('[DONE]');
  });
});

describe('errors on a route of another dialect', () => {
  it('are rendered by that dialect, whatever layer refused the request', async () => {
    const app = await startTestApp({ routes, options: { proxyApiKeys: ['the-key'], maxBodyBytes: 1024 } });
    const auth = { authorization: 'Bearer the-key' };
    try {
      const cases: Array<[Promise<Response>, number, string]> = [
        [post(`${app.url}/v1/echo`, { model: 'gpt-4.1', say: 'x' }), 401, 'invalid_api_key'],
        [fetch(`${app.url}/v1/echo`, { headers: auth }), 405, 'method_not_allowed'],
        [fetch(`${app.url}/v1/echo`, { method: 'POST', headers: { ...auth, 'content-type': 'text/plain' }, body: 'x' }), 415, 'unsupported_media_type'],
        [post(`${app.url}/v1/echo`, { model: 'gpt-4.1', say: 'x'.repeat(2048) }, auth), 413, 'payload_too_large'],
        [post(`${app.url}/v1/echo`, { model: 'gpt-4.1' }, auth), 400, 'invalid_request'],
      ];
      for (const [pending, status, kind] of cases) {
        const response = await pending;
        expect(response.status).toBe(status);
        const body = (await response.json()) as EchoError;
        expect(body).toEqual({ failure: { kind, text: expect.any(String), status } });
      }
    } finally {
      await app.close();
    }
  });

  it('renders a gateway failure with that dialect, and the chat route still with OpenAI\'s envelope', async () => {
    const gateway = createFakeGateway({
      complete: async () => {
        throw new ProxyError('quota_exceeded', 'the AskSage account has used up its tokens', { retryAfterSeconds: 60 });
      },
    });
    const app = await startTestApp({ routes, gateway });
    try {
      const echo = await post(`${app.url}/v1/echo`, { model: 'gpt-4.1', say: 'x' });
      expect(echo.status).toBe(429);
      expect(echo.headers.get('retry-after')).toBe('60');
      expect(await echo.json()).toEqual({ failure: { kind: 'quota_exceeded', text: 'the AskSage account has used up its tokens', status: 429 } });
      const chat = await post(`${app.url}/v1/chat/completions`, { model: 'gpt-4.1', messages: [{ role: 'user', content: 'x' }] });
      expect(chat.status).toBe(429);
      const envelope = (await chat.json()) as OpenAIErrorEnvelope;
      expectOpenAISchema('ErrorResponse', envelope);
      expect(envelope.error).toMatchObject({ code: 'quota_exceeded', type: 'insufficient_quota' });
    } finally {
      await app.close();
    }
  });

  it('renders a failure inside a stream with that dialect\'s in-band frames', async () => {
    const gateway = createFakeGateway({
      stream: async (request) => ({
        model: request.model,
        events: failingEvents(new ProxyError('upstream_timeout', 'AskSage did not answer in time'), { type: 'text-delta', delta: 'partial' }),
      }),
    });
    const app = await startTestApp({ routes, gateway });
    try {
      const response = await post(`${app.url}/v1/echo`, { model: 'gpt-4.1', say: 'x', stream: true });
      expect(response.status).toBe(200);
      expect(parseSseText(await response.text()).events).toEqual([
        { event: 'start', data: '{"id":"echo_1"}' },
        { event: 'text', data: 'partial' },
        { event: 'failure', data: JSON.stringify({ failure: { kind: 'upstream_timeout', text: 'AskSage did not answer in time', status: 504 } }) },
      ]);
    } finally {
      await app.close();
    }
  });

  it('leaves routes without a dialect on OpenAI\'s envelope', async () => {
    const app = await startTestApp({ routes });
    try {
      const response = await sendRawRequest(app.port, { method: 'GET', path: '/v1/models/unknown-model' });
      expect(response.status).toBe(404);
      expectOpenAISchema('ErrorResponse', JSON.parse(response.text));
    } finally {
      await app.close();
    }
  });
});

describe('messages that say what to fix', () => {
  it('points a legacy {prompt} body sent to chat at /v1/completions, and names the body-size setting in a 413', async () => {
    const app = await startTestApp({ options: { maxBodyBytes: 64 } });
    try {
      const legacy = await fetch(`${app.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4.1', prompt: 'hi' }) });
      expect(legacy.status).toBe(400);
      expect(((await legacy.json()) as { error: { message: string } }).error.message).toContain('POST /v1/completions');
      const large = await fetch(`${app.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'x'.repeat(200) }] }) });
      expect(large.status).toBe(413);
      expect(((await large.json()) as { error: { message: string } }).error.message).toContain('max_body_mb');
    } finally {
      await app.close();
    }
  });
});
