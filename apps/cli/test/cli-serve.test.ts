/**
 * `asksage-proxy config.yaml` in-process against the AskSage simulator: it serves, its banner names keys but
 * never shows one, even verbose logs hide keys, and SIGTERM stops it with exit 0.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startAskSageSimulator } from '@asksage-proxy/asksage-simulator';
import type { RunningSimulator } from '@asksage-proxy/asksage-simulator';
import { defaultCacheFile } from '../src/models/index';
import { main } from '../src/run-cli';
import { formatStartupBanner } from '../src/serve/format-startup-banner';
import { formatClientUrl } from '../src/serve/format-client-url';
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

/** Starts the CLI in-process and stops it once it listens; resolves with what it printed. */
async function startAndStop(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const io = createMemoryIo({ home, env });
  const running = main(argv, io);
  await Promise.race([io.listening, running.then((code) => Promise.reject(new Error(`exited ${code}: ${io.stderrText()}`)))]);
  io.sendSignal('SIGTERM');
  expect(await running).toBe(0);
  return { stdout: io.stdoutText(), stderr: io.stderrText() };
}

describe('the validated model cache', () => {
  function writeModelCache(keys: string[]): void {
    const file = defaultCacheFile(home);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({
      version: 1,
      validated_at: new Date().toISOString(),
      keys,
      models: [{ id: 'gpt-4o', type: 'chat', keys }],
      unavailable: ['claude-37-sonnet', 'llma3'],
    }));
  }
  const env = () => ({ ASKSAGE_PROXY_API_KEYS: `lab:${labKey}`, ASKSAGE_PROXY_PORT: '0', ASKSAGE_PROXY_SERVER_BASE_URL: simulator.serverBaseUrl, ASKSAGE_PROXY_LOG_FORMAT: 'text' });

  it('counts only models a key can use, and the others separately', async () => {
    writeModelCache(['lab']);
    const { stdout } = await startAndStop([], env());
    expect(stdout).toMatch(/Models: +1 usable from validated cache .*\(2 not available to your keys\)/);
  });

  it('is not used when its key names differ from the configured ones: one warning, the curated list instead', async () => {
    writeModelCache(['renamed']);
    const { stdout, stderr } = await startAndStop([], env());
    const warnings = stderr.split('\n').filter((line) => line.includes('validated for other key names'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('configured but not in the cache: "lab"');
    expect(warnings[0]).toContain('in the cache but not configured: "renamed"');
    expect(warnings[0]).toContain('--refresh-available-models');
    expect(stdout).toMatch(/Models: +\d+ usable from shipped list/);
    expect(stdout).not.toContain('not available to your keys');
  });
});

it('says the host is wrong, not the port, when the address is not this machine (exit 1)', async () => {
  // 192.0.2.1 is TEST-NET-1 (RFC 5737): never assigned to a local interface, so binding fails at once.
  const io = createMemoryIo({ home, env: { ASKSAGE_PROXY_API_KEYS: labKey, ASKSAGE_PROXY_SERVER_BASE_URL: simulator.serverBaseUrl } });
  expect(await main(['--host', '192.0.2.1', '--port', '0'], io)).toBe(1);
  expect(io.stderrText()).toContain('the host "192.0.2.1" is not an address of this machine');
  expect(io.stderrText()).not.toContain('Choose another with --port');
});

it('gives clients a loopback base URL when bound to every interface, and says it listens on all of them', () => {
  expect(formatClientUrl('0.0.0.0', 8080)).toBe('http://127.0.0.1:8080');
  expect(formatClientUrl('::', 8080)).toBe('http://[::1]:8080');
  expect(formatClientUrl('::1', 8080)).toBe('http://[::1]:8080');
  const banner = formatStartupBanner({
    title: 'asksage-proxy 1.0.0', url: formatClientUrl('0.0.0.0', 8080), allInterfaces: true, keys: [], modelCount: 3,
    modelSource: 'shipped list', configSource: 'config.yaml', upstream: 'https://example/server', inboundAuthentication: true,
  });
  expect(banner).toContain('listening on all interfaces, port 8080');
  expect(banner).toContain('OpenAI base URL: http://127.0.0.1:8080/v1');
  expect(banner).not.toContain('0.0.0.0');
});

it('--demo says that it binds 127.0.0.1 only when --host asks for another address', async () => {
  const { stdout, stderr } = await startAndStop(['--demo', '--host', '0.0.0.0', '--port', '0']);
  expect(stderr).toContain('demo mode binds 127.0.0.1 only');
  expect(stdout).toContain('http://127.0.0.1:');
});
