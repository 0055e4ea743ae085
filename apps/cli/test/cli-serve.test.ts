/**
 * `asksage-proxy config.yaml` in-process against the AskSage simulator: it serves, its banner names keys but
 * never shows one, even verbose logs hide keys, and SIGTERM stops it with exit 0.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startAskSageSimulator } from '@asksage-proxy/asksage-simulator';
import type { RunningSimulator } from '@asksage-proxy/asksage-simulator';
import { main } from '../src/run-cli';
import { createMemoryIo } from '../src/testing/create-memory-io';

const labKey = 'L'.repeat(20) + 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH';
let simulator: RunningSimulator;
let home: string;

beforeAll(async () => {
  simulator = await startAskSageSimulator({ keys: [{ key: labKey }] });
});

afterAll(async () => {
  await simulator.close();
});

beforeEach(() => {
  home = mkdtempSync(path.join(tmpdir(), 'cli-serve-'));
});

afterEach(() => {
  rmSync(home, { recursive: true, force: true });
});

it('serves chat completions, shows key names only, and exits 0 on SIGTERM', async () => {
  const config = path.join(home, 'config.yaml');
  writeFileSync(config, `host: 127.0.0.1\nport: 0\nverbose: true\napi_keys:\n  - {key: ${labKey}, name: lab, weight: 2}\nasksage_server_base_url: ${simulator.serverBaseUrl}\nasksage_user_base_url: ${simulator.userBaseUrl}\n`);
  const io = createMemoryIo({ home });
  const running = main([config], io);
  const url = await Promise.race([io.listening, running.then((code) => Promise.reject(new Error(`exited ${code}: ${io.stderrText()}`)))]);

  const response = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: `my key is ${labKey}` }] }),
  });
  expect(response.status).toBe(200);
  await response.json();

  io.sendSignal('SIGTERM');
  expect(await running).toBe(0);
  const output = io.stdoutText() + io.stderrText();
  expect(io.stdoutText()).toContain(`listening on ${url}`);
  expect(io.stdoutText()).toContain('lab (weight 2)');
  expect(output).not.toContain(labKey);
  expect(simulator.requests().some((request) => request.path.endsWith('/query'))).toBe(true);
});

it('makes zero upstream calls at startup', async () => {
  simulator.reset();
  const io = createMemoryIo({
    home,
    env: { ASKSAGE_PROXY_API_KEYS: `lab:${labKey}`, ASKSAGE_PROXY_PORT: '0', ASKSAGE_PROXY_SERVER_BASE_URL: simulator.serverBaseUrl },
  });
  const running = main([], io);
  await io.listening;
  io.sendSignal('SIGTERM');
  expect(await running).toBe(0);
  expect(simulator.requests()).toHaveLength(0);
  expect(io.stdoutText()).toContain('environment variables (no config file)');
});
