/**
 * `asksage-proxy --check` with `redis_url`: Redis is tried with a PING (password included), reported on its own row
 * with the password masked.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startAskSageSimulator, type RunningSimulator } from '@asksage-proxy/asksage-simulator';
import { startRedisServer, type TestRedisServer } from '../../../test-support/start-redis-server';
import { main } from '../src/run-cli';
import { startProxyProcess } from './support/start-proxy-process';
import { createMemoryIo } from '../src/testing/create-memory-io';

const KEY = 'redis-check-key-'.padEnd(64, 'k');
const PASSWORD = 'check-this-redis-password';
let simulator: RunningSimulator;
let redis: TestRedisServer;
let home: string;

beforeAll(async () => {
  simulator = await startAskSageSimulator({ keys: [{ key: KEY }] });
  redis = await startRedisServer({ password: PASSWORD });
});
afterAll(async () => {
  await simulator?.close();
  await redis?.stop();
});
beforeEach(() => {
  home = mkdtempSync(path.join(tmpdir(), 'cli-redis-check-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

async function check(redisUrl: string, extraEnv: Record<string, string> = {}) {
  const io = createMemoryIo({
    home,
    env: {
      ASKSAGE_PROXY_API_KEYS: JSON.stringify([{ name: 'lab', key: KEY }]),
      ASKSAGE_PROXY_SERVER_BASE_URL: simulator.serverBaseUrl,
      ASKSAGE_PROXY_USER_BASE_URL: simulator.userBaseUrl,
      ASKSAGE_PROXY_REDIS_URL: redisUrl,
      ...extraEnv,
    },
  });
  const code = await main(['--check'], io);
  return { code, out: io.stdoutText() + io.stderrText() };
}

it('reports a reachable Redis as ok, the password masked', async () => {
  const result = await check(redis.url);
  expect(result.out).toMatch(new RegExp(`ok +redis://:\\*\\*\\*\\*@127\\.0\\.0\\.1:${redis.port} +answered PING`));
  expect(result.code).toBe(0);
  expect(result.out).not.toContain(PASSWORD);
});

it('fails the check for a wrong password or a Redis that is down, saying the proxy still serves', async () => {
  const wrong = await check(`redis://:not-the-password@127.0.0.1:${redis.port}`);
  expect(wrong.code).toBe(1);
  expect(wrong.out).toMatch(/FAIL +redis:\/\/:\*\*\*\*@127\.0\.0\.1:\d+ .*(WRONGPASS|invalid|password).*still serves/i);
  expect(wrong.out).not.toContain('not-the-password');
  const down = await check('redis://127.0.0.1:9');
  expect(down.code).toBe(1);
  expect(down.out).toMatch(/FAIL +redis:\/\/127\.0\.0\.1:9 .*still serves/);
});

describe('rediss:// (TLS) signed by a private CA', () => {
  const certs = path.resolve(__dirname, '../../../packages/asksage-simulator/certs');
  let tlsRedis: TestRedisServer;
  beforeAll(async () => {
    tlsRedis = await startRedisServer({ password: PASSWORD, tls: { certFile: path.join(certs, 'server.pem'), keyFile: path.join(certs, 'server-key.pem') } });
  });
  afterAll(() => tlsRedis?.stop());

  it('is trusted through cert_path, added to the public roots, and refused with a certificate error without it', async () => {
    expect(tlsRedis.url.startsWith('rediss://')).toBe(true);
    const trusted = await check(tlsRedis.url, { ASKSAGE_PROXY_CERT_PATH: path.join(certs, 'test-ca.pem') });
    expect(trusted.out).toMatch(new RegExp(`ok +rediss://:\\*\\*\\*\\*@127\\.0\\.0\\.1:${tlsRedis.port} +answered PING`));
    expect(trusted.code).toBe(0);
    const untrusted = await check(tlsRedis.url);
    expect(untrusted.code).toBe(1);
    expect(untrusted.out).toMatch(/FAIL +rediss:\/\/:\*\*\*\*@127\.0\.0\.1:\d+ .*(self[- ]signed|unable to verify|certificate)/i);
    expect(untrusted.out).not.toContain(PASSWORD);
  });

  it('lets the running proxy share its state through it', async () => {
    const proxy = await startProxyProcess({
      config: {
        api_keys: [{ name: 'lab', key: KEY }],
        asksage_server_base_url: simulator.serverBaseUrl,
        asksage_user_base_url: simulator.userBaseUrl,
        redis_url: tlsRedis.url,
        cert_path: path.join(certs, 'test-ca.pem'),
      },
    });
    try {
      let state: string | undefined;
      for (let attempt = 0; attempt < 300 && state !== 'connected'; attempt += 1) {
        state = ((await (await fetch(`${proxy.url}/health`)).json()) as { redis?: { state: string } }).redis?.state;
        if (state !== 'connected') await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(state).toBe('connected');
      expect(proxy.output()).not.toContain(PASSWORD);
    } finally {
      await proxy.stop();
    }
  });
});
