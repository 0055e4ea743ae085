import { getEventListeners, setMaxListeners } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import net from 'node:net';
import axios from 'axios';
import { isProxyError } from '@asksage-proxy/core';
import type { AskSageQuery, ProxyError } from '@asksage-proxy/core';
import { readTestCertificates, startAskSageSimulator } from '@asksage-proxy/asksage-simulator';
import type { RunningSimulator } from '@asksage-proxy/asksage-simulator';
import { createAskSageUpstreamClient } from './create-asksage-upstream-client';
import type { AskSageUpstreamClient } from './create-asksage-upstream-client';

const apiKey = 'adapter-test-key-SECRET-0123456789abcdef0123456789abcdef0123456789';

const query: AskSageQuery = {
  message: [{ user: 'me', message: 'Reply with the single word OK.' }],
  model: 'gpt-4o-mini',
  system_prompt: 'Be terse.',
  dataset: 'none',
  limit_references: 0,
  live: 0,
  temperature: 0,
  usage: true,
};

async function rejectionOf(promise: Promise<unknown>): Promise<ProxyError> {
  const outcome = await promise.then(
    (value) => ({ resolved: value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected a rejection, got ${JSON.stringify(outcome.resolved)}`);
  if (!isProxyError(outcome.error)) throw new Error(`expected a ProxyError, got ${String(outcome.error)}`);
  return outcome.error;
}

function expectNoKey(error: ProxyError): void {
  expect(error.message).not.toContain(apiKey);
  expect(JSON.stringify(error)).not.toContain(apiKey);
}

async function waitFor(condition: () => boolean): Promise<boolean> {
  for (let attempt = 0; attempt < 300 && !condition(); attempt += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  return condition();
}

describe('createAskSageUpstreamClient over plain HTTP', () => {
  let simulator: RunningSimulator;
  let client: AskSageUpstreamClient | undefined;

  beforeAll(async () => {
    simulator = await startAskSageSimulator({ keys: [{ key: apiKey }], models: ['gpt-4o-mini', 'gpt-4o'] });
  });
  afterEach(() => {
    client?.close();
    client = undefined;
    simulator.reset();
  });
  afterAll(() => simulator.close());

  it('sends the query as JSON to {server}/query with the key in x-access-tokens, tolerating a trailing slash', async () => {
    client = createAskSageUpstreamClient({ serverBaseUrl: `${simulator.serverBaseUrl}/` });
    const reply = await client.query(query, { apiKey });
    expect(reply.message).toEqual(expect.any(String));
    const [request] = simulator.requests();
    expect(request).toMatchObject({ method: 'POST', path: '/server/query', bodyType: 'json', accessToken: apiKey, body: query });
    expect(request?.headers['content-type']).toContain('application/json');
  });

  it('calls get-models with the key only when one is given', async () => {
    client = createAskSageUpstreamClient({ serverBaseUrl: simulator.serverBaseUrl });
    await client.getModels({});
    await client.getModels({ apiKey });
    const [anonymous, keyed] = simulator.requests();
    expect(anonymous).toMatchObject({ method: 'POST', path: '/server/get-models', accessToken: undefined });
    expect(anonymous?.headers['x-access-tokens']).toBeUndefined();
    expect(keyed).toMatchObject({ path: '/server/get-models', accessToken: apiKey });
  });

  it('reuses one keep-alive connection for sequential calls', async () => {
    client = createAskSageUpstreamClient({ serverBaseUrl: simulator.serverBaseUrl });
    for (let call = 0; call < 3; call += 1) await client.query(query, { apiKey });
    expect(simulator.requests()).toHaveLength(3);
    expect(simulator.openSockets()).toBe(1);
  });

  it('sends each call through axios\' http adapter with the config merged once, not through axios.request', async () => {
    // axios.request re-merges ~30 default keys, normalises headers and runs the transform and interceptor chains
    // on every call: a third of axios' cost per proxied request under load (issue 9).
    const perCallMerge = jest.spyOn(axios.Axios.prototype, 'request');
    try {
      client = createAskSageUpstreamClient({ serverBaseUrl: simulator.serverBaseUrl });
      await client.query(query, { apiKey });
      await client.getModels({ apiKey });
      expect(perCallMerge).not.toHaveBeenCalled();
      const [queried, listed] = simulator.requests();
      expect(queried).toMatchObject({ path: '/server/query', accessToken: apiKey, body: query });
      expect(queried?.headers).toMatchObject({ 'content-type': 'application/json', accept: 'application/json' });
      expect(listed).toMatchObject({ path: '/server/get-models', accessToken: apiKey });
    } finally {
      perCallMerge.mockRestore();
    }
  });

  it('aborting a stalled query rejects request_aborted and closes the connection', async () => {
    client = createAskSageUpstreamClient({ serverBaseUrl: simulator.serverBaseUrl });
    simulator.injectFault({ kind: 'stall', match: { path: '/server/query' } });
    const controller = new AbortController();
    const pending = client.query(query, { apiKey, signal: controller.signal });
    expect(await waitFor(() => simulator.requests().length === 1)).toBe(true);
    controller.abort();
    const error = await rejectionOf(pending);
    expect(error).toMatchObject({ code: 'request_aborted', keyVerdict: undefined });
    expect(await waitFor(() => simulator.openSockets() === 0)).toBe(true);
  });

  it('a stalled query past timeoutMs rejects a retryable upstream_timeout blaming the key\'s attempt, not the caller', async () => {
    client = createAskSageUpstreamClient({ serverBaseUrl: simulator.serverBaseUrl, timeoutMs: 150 });
    simulator.injectFault({ kind: 'stall', match: { path: '/server/query' } });
    const error = await rejectionOf(client.query(query, { apiKey }));
    expect(error).toMatchObject({ code: 'upstream_timeout', isRetryable: true, keyVerdict: 'failure' });
    expect(error.message).toContain('did not answer');
    expectNoKey(error);
    expect(await waitFor(() => simulator.openSockets() === 0)).toBe(true);
  });

  it('a slow answer on a connected socket is not a connect timeout, on a new or a reused connection', async () => {
    client = createAskSageUpstreamClient({ serverBaseUrl: simulator.serverBaseUrl, connectTimeoutMs: 40 });
    simulator.injectFault({ kind: 'delay', ms: 120, times: 2 });
    expect((await client.query(query, { apiKey })).status).toBe(200);
    expect((await client.query(query, { apiKey })).status).toBe(200);
  });

  it('a call queued for a pooled socket under load is not a connect timeout', async () => {
    client = createAskSageUpstreamClient({ serverBaseUrl: simulator.serverBaseUrl, connectTimeoutMs: 40, maxSockets: 1 });
    simulator.injectFault({ kind: 'delay', ms: 150, times: 1 });
    const replies = await Promise.all([client.query(query, { apiKey }), client.query(query, { apiKey })]);
    expect(replies.map((reply) => reply.status)).toEqual([200, 200]);
  });

  it('opens more than 256 concurrent connections by default, so long generations do not queue', async () => {
    client = createAskSageUpstreamClient({ serverBaseUrl: simulator.serverBaseUrl });
    simulator.injectFault({ kind: 'stall', times: 'always' });
    const controller = new AbortController();
    // One signal shared by 300 calls in flight at once holds 300 listeners on purpose (this was the
    // MaxListenersExceededWarning in pnpm test); a signal per request, as the proxy uses, holds one at a time.
    setMaxListeners(400, controller.signal);
    const calls = Array.from({ length: 300 }, () => client!.query(query, { apiKey, signal: controller.signal }).catch(() => undefined));
    expect(await waitFor(() => simulator.openSockets() >= 300)).toBe(true);
    controller.abort();
    await Promise.all(calls);
  });

  it('leaves no abort listener behind on the caller signal, whatever the outcome: a long-lived signal cannot collect them', async () => {
    client = createAskSageUpstreamClient({ serverBaseUrl: simulator.serverBaseUrl });
    const controller = new AbortController();
    for (let call = 0; call < 15; call += 1) await client.query(query, { apiKey, signal: controller.signal });
    simulator.injectFault({ kind: 'http', status: 503, times: 3 });
    for (let call = 0; call < 3; call += 1) await client.query(query, { apiKey, signal: controller.signal }).catch(() => undefined);
    const stream = await client.streamQuery({ ...query, streaming: true }, { apiKey, signal: controller.signal });
    for await (const chunk of stream) expect(chunk).toBeDefined();
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('maps an HTML gateway page with a 5xx status through createUpstreamHttpError', async () => {
    client = createAskSageUpstreamClient({ serverBaseUrl: simulator.serverBaseUrl });
    simulator.injectFault({ kind: 'html', status: 502 });
    expect(await rejectionOf(client.query(query, { apiKey }))).toMatchObject({ code: 'upstream_unavailable', isRetryable: true });
  });

  it('rejects an empty 200 body as upstream_bad_response', async () => {
    client = createAskSageUpstreamClient({ serverBaseUrl: simulator.serverBaseUrl });
    simulator.injectFault({ kind: 'empty' });
    expect(await rejectionOf(client.query(query, { apiKey }))).toMatchObject({ code: 'upstream_bad_response' });
  });

  it('never puts the key in errors, whatever the failure', async () => {
    client = createAskSageUpstreamClient({ serverBaseUrl: simulator.serverBaseUrl });
    const faults = [{ kind: 'reset' }, { kind: 'reset-mid-body' }, { kind: 'http', status: 429 }, { kind: 'bad-json' }, { kind: 'html', status: 200 }] as const;
    for (const fault of faults) {
      simulator.injectFault(fault);
      expectNoKey(await rejectionOf(client.query(query, { apiKey })));
    }
  });
});

describe('createAskSageUpstreamClient connection failures', () => {
  it('a server that accepts TCP but never completes TLS hits the connect timeout', async () => {
    const sockets = new Set<net.Socket>();
    const server = net.createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    const client = createAskSageUpstreamClient({ serverBaseUrl: `https://127.0.0.1:${port}/server`, connectTimeoutMs: 100, timeoutMs: 0 });
    try {
      const error = await rejectionOf(client.query(query, { apiKey }));
      expect(error).toMatchObject({ code: 'upstream_timeout', isRetryable: true });
      expect(error.message).toContain('connect');
      expectNoKey(error);
    } finally {
      client.close();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('a refused connection rejects a retryable upstream_unavailable', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const client = createAskSageUpstreamClient({ serverBaseUrl: `http://127.0.0.1:${port}/server` });
    try {
      const error = await rejectionOf(client.query(query, { apiKey }));
      // No key is blamed for a server nobody can reach, and the message says where the proxy tried to go.
      expect(error).toMatchObject({ code: 'upstream_unavailable', isRetryable: true, keyVerdict: undefined });
      expect(error.message).toContain(`http://127.0.0.1:${port}`);
    } finally {
      client.close();
    }
  });
});

describe('createAskSageUpstreamClient over HTTPS', () => {
  let simulator: RunningSimulator;
  const certificates = readTestCertificates();

  beforeAll(async () => {
    simulator = await startAskSageSimulator({ tls: true, keys: [{ key: apiKey }], models: ['gpt-4o-mini'] });
  });
  afterAll(() => simulator.close());

  it('trusts the tenant CA given as caCertificate (cert_path)', async () => {
    const client = createAskSageUpstreamClient({ serverBaseUrl: simulator.serverBaseUrl, caCertificate: certificates.ca });
    try {
      expect(simulator.serverBaseUrl.startsWith('https://')).toBe(true);
      const reply = await client.query(query, { apiKey });
      expect(Number(reply.status)).toBe(200);
    } finally {
      client.close();
    }
  });

  // Issue 9: with `ca` on the agent, every request built several ~200 KB pool-key strings (30 % of the CPU) and every
  // new connection parsed all public roots again. Asserted on what the agent does, never on time.
  it('keeps the connection-pool key short and parses the CA bundle once, however many calls and connections', async () => {
    const getName = jest.spyOn(https.Agent.prototype, 'getName');
    const createSecureContext = jest.spyOn(tls, 'createSecureContext');
    const client = createAskSageUpstreamClient({ serverBaseUrl: simulator.serverBaseUrl, caCertificate: certificates.ca });
    try {
      for (let call = 0; call < 5; call += 1) await client.query(query, { apiKey });
      // Sequential calls share one keep-alive socket.
      expect(simulator.openSockets()).toBe(1);
      await Promise.all(Array.from({ length: 8 }, () => client.query(query, { apiKey })));
      expect(simulator.openSockets()).toBeGreaterThan(1);
      const names = getName.mock.results.map((result) => String(result.value));
      expect(names.length).toBeGreaterThan(0);
      expect(Math.max(...names.map((name) => name.length))).toBeLessThan(500);
      expect(createSecureContext).toHaveBeenCalledTimes(1);
    } finally {
      client.close();
      getName.mockRestore();
      createSecureContext.mockRestore();
    }
  });

  // Issue 9: axios sets TCP keep-alive to 60 s on every socket it gets, the agent set 1 s whenever a socket went back to
  // the pool, and Node asks the kernel again each time the delay changes: eight setsockopt calls per request.
  it('asks for TCP keep-alive with one delay per connection, so the kernel is asked once, not on every call', async () => {
    const setKeepAlive = jest.spyOn(net.Socket.prototype, 'setKeepAlive');
    const client = createAskSageUpstreamClient({ serverBaseUrl: simulator.serverBaseUrl, caCertificate: certificates.ca });
    try {
      for (let call = 0; call < 5; call += 1) await client.query(query, { apiKey });
      await Promise.all(Array.from({ length: 4 }, () => client.query(query, { apiKey })));
      const delaysBySocket = new Map<unknown, Set<unknown>>();
      for (const [index, call] of setKeepAlive.mock.calls.entries()) {
        const socket = setKeepAlive.mock.contexts[index];
        delaysBySocket.set(socket, (delaysBySocket.get(socket) ?? new Set()).add(`${String(call[0])} ${String(call[1])}`));
      }
      // Every call on a socket asked for the same thing (Node then skips the system call), and sockets were reused.
      expect(delaysBySocket.size).toBeGreaterThan(0);
      expect(setKeepAlive.mock.calls.length).toBeGreaterThan(delaysBySocket.size);
      expect([...delaysBySocket.values()].map((delays) => [...delays])).toEqual([...delaysBySocket.values()].map(() => ['true 60000']));
    } finally {
      client.close();
      setKeepAlive.mockRestore();
    }
  });

  it.each([
    ['an unrelated CA', certificates.untrustedCa],
    ['no CA at all', undefined],
  ])('with %s it refuses the server and tells the user to check cert_path', async (_label, caCertificate) => {
    const client = createAskSageUpstreamClient({ serverBaseUrl: simulator.serverBaseUrl, ...(caCertificate ? { caCertificate } : {}) });
    try {
      const error = await rejectionOf(client.query(query, { apiKey }));
      expect(error).toMatchObject({ code: 'upstream_unavailable', isRetryable: false });
      expect(error.message).toContain('cert_path');
      expectNoKey(error);
    } finally {
      client.close();
    }
  });
});

describe('createAskSageUpstreamClient keep-alive race', () => {
  it('retries once on a fresh socket when a reused keep-alive socket is dropped before any response', async () => {
    // Answers the first request of each connection; drops the connection on any later one, like a server
    // that closed an idle keep-alive socket just as the client reused it.
    const requestsPerSocket = new WeakMap<object, number>();
    let received = 0;
    const server = http.createServer((request, response) => {
      received += 1;
      const count = (requestsPerSocket.get(request.socket) ?? 0) + 1;
      requestsPerSocket.set(request.socket, count);
      if (count > 1) {
        request.socket.destroy();
        return;
      }
      request.resume();
      request.on('end', () => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ response: 'OK', message: '\n\nOK', status: 200 }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    const client = createAskSageUpstreamClient({ serverBaseUrl: `http://127.0.0.1:${port}/server` });
    try {
      expect((await client.query(query, { apiKey })).message).toBe('\n\nOK');
      expect((await client.query(query, { apiKey })).message).toBe('\n\nOK');
      expect(received).toBe(3);
    } finally {
      client.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
