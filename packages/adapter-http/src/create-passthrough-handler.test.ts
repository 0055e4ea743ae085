import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProxyError } from '@asksage-proxy/core';
import type { PassthroughGateway, PassthroughOutcome, PassthroughSurface } from '@asksage-proxy/core';
import { createSequenceIds, fixedClock } from '@asksage-proxy/core/testing';
import { createFakeGateway } from './__fixtures__/create-fake-gateway';
import { createRecordingLogger } from './__fixtures__/start-test-app';
import { createHttpApp } from './create-http-app';

type Forward = (surface: PassthroughSurface, body: unknown) => Promise<PassthroughOutcome>;

async function start(forward: Forward, upstreamApi: 'query' | 'passthrough' = 'passthrough') {
  const calls: Array<{ surface: PassthroughSurface; body: unknown; dialect: string | undefined }> = [];
  const passthrough: PassthroughGateway = {
    forward: (surface, body, context) => {
      calls.push({ surface, body, dialect: context.dialect });
      return forward(surface, body);
    },
  };
  const gateway = createFakeGateway();
  const ids = createSequenceIds();
  const app = createHttpApp({ gateway, passthrough, logger: createRecordingLogger(), ids, services: { ids, clock: fixedClock }, version: { name: 'test', current: '0' }, options: { upstreamApi } });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const post = (body: unknown) => fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { calls, gateway, post, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function* reads(...chunks: string[]): AsyncGenerator<string> {
  for (const chunk of chunks) yield chunk;
}

async function* breaking(first: string): AsyncGenerator<string> {
  yield first;
  throw new ProxyError('upstream_unavailable', 'The connection to AskSage failed (ECONNRESET); retry later.', { isRetryable: true });
}

describe('passthrough routes', () => {
  it('send the chat body to the openai-chat surface and answer with its status and JSON, bypassing the /query gateway', async () => {
    const app = await start(async () => ({ kind: 'reply', model: 'gpt-4o', status: 400, headers: {}, body: { error: { message: 'Unsupported model: x' } } }));
    try {
      const response = await app.post({ model: 'gpt-4o', messages: [], some_new_parameter: 1 });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: { message: 'Unsupported model: x' } });
      expect(app.calls).toEqual([{ surface: 'openai-chat', body: { model: 'gpt-4o', messages: [], some_new_parameter: 1 }, dialect: 'openai-chat' }]);
      expect(app.gateway.calls).toHaveLength(0);
    } finally {
      await app.close();
    }
  });

  it('pipe a stream byte for byte', async () => {
    const events = ['data: {"choices":[{"delta":{"content":"Hel"}}]}\n\n', 'data: {"choices":[{"delta":{"content":"lo"}}]}\n\n', 'data: [DONE]\n\n'];
    const app = await start(async () => ({ kind: 'stream', model: 'gpt-4o', status: 200, headers: { 'content-type': 'text/event-stream; charset=utf-8' }, chunks: reads(...events) }));
    try {
      const response = await app.post({ model: 'gpt-4o', messages: [], stream: true });
      expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      expect(await response.text()).toBe(events.join(''));
    } finally {
      await app.close();
    }
  });

  it('end a stream that breaks after its first byte with the dialect\'s in-band error on a fresh line, then [DONE]', async () => {
    const app = await start(async () => ({ kind: 'stream', model: 'gpt-4o', status: 200, headers: {}, chunks: breaking('data: {"choices":[{"delta":{"con') }));
    try {
      const text = await (await app.post({ model: 'gpt-4o', messages: [], stream: true })).text();
      const [partial, error, done] = text.split('\n\n');
      expect(partial).toBe('data: {"choices":[{"delta":{"con');
      expect(JSON.parse(error!.replace(/^data: /, ''))).toMatchObject({ error: { code: 'upstream_unavailable' } });
      expect(done).toBe('data: [DONE]');
    } finally {
      await app.close();
    }
  });

  it('render failures before the first byte in the route\'s dialect with their status', async () => {
    const app = await start(async () => {
      throw new ProxyError('upstream_authentication', 'AskSage rejected the API key used for this request.', { isRetryable: true, keyVerdict: 'invalid' });
    });
    try {
      const response = await app.post({ model: 'gpt-4o', messages: [], stream: true });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: { code: 'upstream_authentication', message: 'AskSage rejected the API key used for this request.' } });
    } finally {
      await app.close();
    }
  });

  it('are not used in query mode', async () => {
    const app = await start(async () => {
      throw new Error('must not be called');
    }, 'query');
    try {
      expect((await app.post({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] })).status).toBe(200);
      expect(app.calls).toHaveLength(0);
      expect(app.gateway.calls.length).toBeGreaterThan(0);
    } finally {
      await app.close();
    }
  });
});
