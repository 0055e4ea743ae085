/**
 * Reliability and security behaviour a user notices, through the real CLI process:
 * disconnects cancel the upstream call, heartbeats keep silent streams open, shutdown is graceful,
 * inbound auth works, a public bind warns, and no key ever appears in anything the process writes.
 */
import http from 'node:http';
import net from 'node:net';
import { startAskSageSimulator, type RunningSimulator } from '@asksage-proxy/asksage-simulator';
import { driveChatRequest } from './support/drive-chat-request';
import { startProxyProcess, type ProxyProcess } from './support/start-proxy-process';
import { eventually } from './support/eventually';

const KEY_A = 'reliability-key-a-'.padEnd(64, 'a');
const KEY_B = 'reliability-key-b-'.padEnd(64, 'b');
const PROXY_TOKEN = 'inbound-proxy-token-'.padEnd(48, 't');

function configFor(simulator: RunningSimulator, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    api_keys: [
      { key: KEY_A, name: 'alpha' },
      { key: KEY_B, name: 'beta' },
    ],
    asksage_server_base_url: simulator.serverBaseUrl,
    asksage_user_base_url: simulator.userBaseUrl,
    ...extra,
  };
}

/** Starts a streamed request with plain http and returns the request plus everything received so far. */
function openStream(proxy: ProxyProcess, body: Record<string, unknown>) {
  let received = '';
  let status = 0;
  const request = http.request(`${proxy.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' } });
  const ended = new Promise<void>((resolve) => {
    request.on('response', (response) => {
      status = response.statusCode ?? 0;
      response.setEncoding('utf8');
      response.on('data', (data: string) => (received += data));
      response.on('end', () => resolve());
      response.on('error', () => resolve());
    });
    request.on('error', () => resolve());
  });
  request.end(JSON.stringify({ ...body, stream: true }));
  return { request, ended, received: () => received, status: () => status };
}

describe('reliability through the real CLI', () => {
  let simulator: RunningSimulator;

  beforeAll(async () => {
    simulator = await startAskSageSimulator({ keys: [{ key: KEY_A }, { key: KEY_B }] });
  });

  afterAll(async () => {
    await simulator?.close();
  });

  beforeEach(() => simulator.reset());

  describe('disconnects and heartbeats', () => {
    let proxy: ProxyProcess;

    beforeAll(async () => {
      proxy = await startProxyProcess({ config: configFor(simulator, { heartbeat_seconds: 0.05 }) });
    });

    afterAll(async () => {
      await proxy?.stop();
    });

    it('aborts the upstream request when a non-streamed client disconnects', async () => {
      simulator.injectFault({ kind: 'stall', times: 'always' });
      const idle = simulator.openSockets();
      const controller = new AbortController();
      const pending = fetch(`${proxy.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'slow' }] }),
        signal: controller.signal,
      }).catch(() => undefined);
      await eventually(() => simulator.requests().some((request) => request.path === '/server/query'));
      await eventually(() => simulator.openSockets() > idle);
      const before = Date.now();
      controller.abort();
      await pending;
      // The stall never ends on its own: the only way the upstream socket closes is the proxy aborting it.
      await eventually(() => simulator.openSockets() === idle);
      process.stdout.write(`upstream request closed ${Date.now() - before} ms after the client left (non-stream)\n`);
      expect(simulator.requests().filter((request) => request.path === '/server/query')).toHaveLength(1);
    });

    it('aborts the upstream request when a streaming client disconnects after the first bytes', async () => {
      simulator.injectFault({ kind: 'stall', times: 'always' });
      const idle = simulator.openSockets();
      const stream = openStream(proxy, { model: 'gpt-4o', messages: [{ role: 'user', content: 'slow stream' }] });
      await eventually(() => stream.received().includes('"role":"assistant"'));
      await eventually(() => simulator.requests().some((request) => request.path === '/server/query'));
      await eventually(() => simulator.openSockets() > idle);
      const before = Date.now();
      stream.request.destroy();
      await eventually(() => simulator.openSockets() === idle);
      process.stdout.write(`upstream request closed ${Date.now() - before} ms after the client left (stream)\n`);
      const health = (await (await fetch(`${proxy.url}/health`)).json()) as { keys: Array<{ failures: number }> };
      expect(health.keys.every((key) => key.failures === 0)).toBe(true);
    });

    it('sends role chunk and keep-alive comments while AskSage is silent, then the answer and [DONE]', async () => {
      // AskSage stays silent until the client has had a heartbeat: the order is held by the test, not raced by a delay.
      const hold = simulator.holdReplies();
      const stream = openStream(proxy, { model: 'gpt-4o', messages: [{ role: 'user', content: 'think long' }] });
      try {
        await eventually(() => stream.received().includes(': keep-alive'));
      } finally {
        hold.release();
      }
      await stream.ended;
      const body = stream.received();
      expect(stream.status()).toBe(200);
      const firstHeartbeat = body.indexOf(': keep-alive');
      const firstContent = body.indexOf('think long');
      expect(body.indexOf('"role":"assistant"')).toBeGreaterThanOrEqual(0);
      expect(firstHeartbeat).toBeGreaterThan(body.indexOf('"role":"assistant"'));
      expect(firstContent).toBeGreaterThan(firstHeartbeat);
      expect(body.trim().endsWith('data: [DONE]')).toBe(true);
    });
  });

  it('finishes in-flight requests on SIGTERM and exits 0', async () => {
    const proxy = await startProxyProcess({ config: configFor(simulator, { shutdown_grace_seconds: 10 }) });
    simulator.injectFault({ kind: 'delay', ms: 500, times: 'always' });
    const inFlight = driveChatRequest(proxy.url, { model: 'gpt-4o', messages: [{ role: 'user', content: 'finish me' }] });
    await eventually(() => simulator.requests().some((request) => request.path === '/server/query'));
    proxy.child.kill('SIGTERM');
    const outcome = await inFlight;
    expect(outcome.kind).toBe('completion');
    expect(await proxy.stop()).toBe(0);
  });

  it('requires a proxy API key when proxy_api_keys is set, and never echoes it', async () => {
    const proxy = await startProxyProcess({ config: configFor(simulator, { proxy_api_keys: [PROXY_TOKEN] }) });
    try {
      const body = { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] };
      const without = await driveChatRequest(proxy.url, body);
      expect(without).toMatchObject({ kind: 'error', status: 401, code: 'invalid_api_key' });
      const wrong = await driveChatRequest(proxy.url, body, { headers: { authorization: 'Bearer wrong-token' } });
      expect(wrong).toMatchObject({ kind: 'error', status: 401 });
      const right = await driveChatRequest(proxy.url, body, { headers: { authorization: `Bearer ${PROXY_TOKEN}` } });
      expect(right.kind).toBe('completion');
      expect((await fetch(`${proxy.url}/health`)).status).toBe(200);
      expect(proxy.output()).not.toContain(PROXY_TOKEN);
    } finally {
      await proxy.stop();
    }
  });

  it('warns prominently when bound to a public address without proxy_api_keys', async () => {
    const proxy = await startProxyProcess({ config: { ...configFor(simulator), host: '0.0.0.0' } });
    try {
      expect(proxy.output()).toMatch(/anyone who can reach this port can spend your AskSage keys/);
    } finally {
      await proxy.stop();
    }
  });

  it('never writes a key anywhere during a full debug session with faults', async () => {
    const proxy = await startProxyProcess({ config: configFor(simulator, { verbose: true, proxy_api_keys: [PROXY_TOKEN] }), args: ['--verbose'] });
    const headers = { authorization: `Bearer ${PROXY_TOKEN}` };
    try {
      simulator.injectFault({ kind: 'envelope', status: 400, text: 'Token is invalid [2]', match: { key: KEY_A }, times: 'always' });
      simulator.injectFault({ kind: 'http', status: 429, retryAfter: 1, match: { key: KEY_B }, times: 1 });
      simulator.injectFault({ kind: 'bad-json', match: { key: KEY_B }, times: 1 });
      const bodies = [
        { model: 'gpt-4o', messages: [{ role: 'user', content: 'one' }] },
        { model: 'gpt-4o', messages: [{ role: 'user', content: 'two' }], stream: true },
        { model: 'no-such-model', messages: [{ role: 'user', content: 'three' }] },
        { model: 'gpt-4o', messages: [{ role: 'robot', content: 'four' }] },
        { model: 'gpt-4o', messages: [{ role: 'user', content: 'five' }], stream: true, stream_options: { include_usage: true } },
      ];
      const responses: string[] = [];
      for (const body of bodies) responses.push(JSON.stringify(await driveChatRequest(proxy.url, body, { headers })));
      for (const path of ['/health', '/version', '/', '/v1/models']) {
        responses.push(await (await fetch(`${proxy.url}${path}`, { headers })).text());
      }
      await proxy.stop();
      const everything = proxy.output() + responses.join('\n');
      expect(proxy.output()).toMatch(/debug/i);
      expect(proxy.output()).toContain('alpha');
      for (const secret of [KEY_A, KEY_B, PROXY_TOKEN]) {
        expect(everything).not.toContain(secret);
        expect(everything).not.toContain(secret.slice(0, 24));
      }
    } finally {
      await proxy.stop();
    }
  });
});

describe('browser and protocol abuse through the real CLI', () => {
  let simulator: RunningSimulator;
  let proxy: ProxyProcess;

  beforeAll(async () => {
    simulator = await startAskSageSimulator({ keys: [{ key: KEY_A }] });
    proxy = await startProxyProcess({ config: { ...configFor(simulator), api_keys: [{ key: KEY_A, name: 'alpha' }], cors_origins: ['https://chat.example.org'] } });
  });

  afterAll(async () => {
    await proxy?.stop();
    await simulator?.close();
  });

  const body = { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] };

  it('refuses other websites\' pages, serves this machine\'s and the configured origin\'s', async () => {
    expect(await driveChatRequest(proxy.url, body, { headers: { origin: 'https://evil.example' } })).toMatchObject({ kind: 'error', status: 403, code: 'origin_not_allowed' });
    expect((await driveChatRequest(proxy.url, body, { headers: { origin: 'http://localhost:3000' } })).kind).toBe('completion');
    expect((await driveChatRequest(proxy.url, body, { headers: { origin: 'https://chat.example.org' } })).kind).toBe('completion');
    expect(simulator.requests().filter((request) => request.path === '/server/query')).toHaveLength(2);
  });

  it('refuses a DNS-rebinding Host while bound to loopback', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const request = http.request(`${proxy.url}/v1/models`, { headers: { host: 'rebind.attacker.example' } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
      request.end();
    });
    expect(status).toBe(403);
  });

  it('answers a request Node\'s parser rejects with an OpenAI error envelope, and keeps serving', async () => {
    const raw = await new Promise<string>((resolve) => {
      const socket = net.connect(Number(new URL(proxy.url).port), '127.0.0.1');
      let received = '';
      socket.on('data', (data) => (received += data.toString()));
      socket.on('close', () => resolve(received));
      socket.write('POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n');
    });
    expect(raw.split('\r\n')[0]).toMatch(/^HTTP\/1\.1 400/);
    const envelope = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4)) as { error: { code: string; message: string } };
    expect(envelope.error.code).toBe('invalid_request');
    expect((await fetch(`${proxy.url}/health`)).status).toBe(200);
  });
});
