import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import { silentLogger } from '@asksage-proxy/core';
import { startAskSageSimulator } from '@asksage-proxy/asksage-simulator';
import type { RunningSimulator } from '@asksage-proxy/asksage-simulator';
import { createProxyRuntime, loadConfig } from '../src/index';

const key = 'embedded-runtime-key-SECRET-0123456789abcdef0123456789abcdef01234';

// Embedders (and tests) wire the whole proxy with createProxyRuntime and serve its app from their own server.
describe('createProxyRuntime embedded in another HTTP server', () => {
  let simulator: RunningSimulator;
  beforeAll(async () => {
    simulator = await startAskSageSimulator({ keys: [{ key }], models: ['gpt-4o', 'gpt-4o-mini'] });
  });
  afterAll(() => simulator.close());

  it('serves chat completions through the real OpenAI SDK, with the key pool and the simulator behind it', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'asksage-runtime-'));
    const { config } = loadConfig({
      home,
      cwd: home,
      env: { ASKSAGE_PROXY_API_KEYS: JSON.stringify([{ name: 'lab', key }]), ASKSAGE_PROXY_SERVER_BASE_URL: simulator.serverBaseUrl, ASKSAGE_PROXY_USER_BASE_URL: simulator.userBaseUrl },
      flags: {},
    });
    const runtime = await createProxyRuntime({ config, logger: silentLogger, version: '9.9.9', cacheFile: path.join(home, 'no-cache.json'), latestVersion: async () => undefined });
    const server = createServer(runtime.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const client = new OpenAI({ baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, apiKey: 'unused', maxRetries: 0 });
      const completion = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Say hello' }] });
      expect(completion.choices[0]?.message.content).toEqual(expect.any(String));
      expect(completion.id).toMatch(/^chatcmpl-/);
      expect(runtime.keyPool.snapshot()).toEqual([expect.objectContaining({ name: 'lab', requests: 1, state: 'healthy' })]);
      expect(simulator.requests().filter((request) => request.path === '/server/query')).toHaveLength(1);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      runtime.close();
    }
  });
});

it('GET /version says the build is not published to a registry, without asking one', async () => {
  const home = mkdtempSync(path.join(tmpdir(), 'asksage-runtime-version-'));
  const { config } = loadConfig({ home, cwd: home, env: { ASKSAGE_PROXY_API_KEYS: JSON.stringify([{ name: 'lab', key }]) }, flags: {} });
  const runtime = await createProxyRuntime({ config, logger: silentLogger, version: '9.9.9', cacheFile: path.join(home, 'no-cache.json') });
  const server = createServer(runtime.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const body = (await (await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/version`)).json()) as Record<string, unknown>;
    expect(body).toEqual({ name: 'asksage-proxy', current: '9.9.9', latest: null, note: expect.stringContaining('not published') });
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    runtime.close();
  }
});
