/**
 * AskSage out of reach because of the configuration or the network, as a new user meets it: the real CLI pointed at
 * a port nothing listens on, and at a web server that is not AskSage (a wrong path). The request fails with the URL
 * and the setting to change, no key is benched for it, and /health shows AskSage unreachable rather than "ready".
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { findFreePort } from '../src/setup/find-free-port';
import { driveChatRequest } from './support/drive-chat-request';
import { startProxyProcess, type ProxyProcess } from './support/start-proxy-process';

const KEY_A = 'misconfigured-key-alpha-'.padEnd(64, 'a');
const KEY_B = 'misconfigured-key-bravo-'.padEnd(64, 'b');

interface Health {
  status: string;
  keys: Array<{ name: string; state: string }>;
  upstream?: { state: string; detail: string };
}

async function health(proxy: ProxyProcess): Promise<Health> {
  return (await (await fetch(`${proxy.url}/health`)).json()) as Health;
}

async function startProxy(serverBaseUrl: string): Promise<ProxyProcess> {
  return startProxyProcess({
    config: {
      api_keys: [{ key: KEY_A, name: 'alpha' }, { key: KEY_B, name: 'bravo' }],
      asksage_server_base_url: serverBaseUrl,
      asksage_user_base_url: serverBaseUrl.replace(/\/server$/, '/user'),
    },
  });
}

describe('AskSage out of reach', () => {
  let notAskSage: http.Server;
  let notAskSageUrl: string;

  beforeAll(async () => {
    // What a wrong asksage_server_base_url usually reaches: a web server answering "Cannot POST" pages.
    notAskSage = http.createServer((request, response) => {
      request.resume();
      response.writeHead(404, { 'content-type': 'text/html' }).end(`<!DOCTYPE html><html><body><pre>Cannot ${request.method} ${request.url}</pre></body></html>`);
    });
    await new Promise<void>((resolve) => notAskSage.listen(0, '127.0.0.1', resolve));
    notAskSageUrl = `http://127.0.0.1:${(notAskSage.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => notAskSage.close(() => resolve())));

  it.each([
    ['nothing listens on the port', async () => `http://127.0.0.1:${await findFreePort()}/server`, /Could not reach AskSage at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\); check asksage_server_base_url/],
    ['a web server that is not AskSage (wrong path)', async () => `${notAskSageUrl}/wrong/server`, /\/wrong\/server\/query answered HTTP 404: there is no AskSage API at that address; check asksage_server_base_url/],
  ])('%s: the error names the URL and the setting, no key is benched, /health says unreachable', async (_situation, serverBaseUrl, expected) => {
    const proxy = await startProxy(await serverBaseUrl());
    try {
      for (const stream of [false, true]) {
        const outcome = await driveChatRequest(proxy.url, { model: 'gpt-4o', stream, messages: [{ role: 'user', content: 'hello' }] });
        expect(outcome.kind).toBe('error');
        expect(JSON.stringify(outcome)).toMatch(expected);
      }
      const report = await health(proxy);
      expect(report).toMatchObject({ status: 'unavailable', upstream: { state: 'unreachable', detail: expect.stringMatching(expected) } });
      expect(report.keys.map((key) => [key.name, key.state])).toEqual([['alpha', 'healthy'], ['bravo', 'healthy']]);
      expect(proxy.output()).not.toContain(KEY_A);
    } finally {
      await proxy.stop();
    }
  });
});
