/**
 * First-time setup, driven with injected answers (prompts.inject) exactly as the reference's dialogue runs:
 * the file is private, the keys never echo, Ctrl-C leaves nothing behind.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { Server } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { load } from 'js-yaml';
import prompts from 'prompts';
import { startAskSageSimulator, type RunningSimulator } from '@asksage-proxy/asksage-simulator';
import { main } from '../src/run-cli';
import { checkKeyAnswer, checkListenPortAnswer, checkPortAnswer, checkWeightAnswer, deriveTenantUrls } from '../src/setup/ask-setup-questions';
import { probeAskSageEndpoint as checkConnectivity } from '@asksage-proxy/adapter-asksage';
import { runFirstTimeSetup } from '../src/setup/run-first-time-setup';
import { writeConfigFile } from '../src/setup/write-config-file';
import { SetupCancelledError } from '../src/setup/setup-cancelled-error';
import { createMemoryIo } from '../src/testing/create-memory-io';

const primaryKey = 'p'.repeat(40) + 'PRIMARYSECRET0000000000';
const backupKey = 'b'.repeat(40) + 'BACKUPSECRET00000000000';

let home: string;
let closedUrl: string;

/** A URL on which nothing listens, so the connectivity check fails fast and offline. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${address.port}`;
}

beforeAll(async () => {
  closedUrl = await closedPortUrl();
});

beforeEach(() => {
  home = mkdtempSync(path.join(tmpdir(), 'cli-setup-'));
});

afterEach(() => {
  rmSync(home, { recursive: true, force: true });
});

const configFile = () => path.join(home, '.config', 'asksage_proxy', 'config.yaml');

it('writes ~/.config/asksage_proxy/config.yaml (0600 in a 0700 folder) from the answers, keys masked on screen', async () => {
  const certificate = path.join(home, 'anl.pem');
  writeFileSync(certificate, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
  prompts.inject(['', primaryKey, '3.0', 'primary', true, backupKey, '', '', false, '~/anl.pem', true]);
  const io = createMemoryIo({ home, tty: true });
  const file = await runFirstTimeSetup({ io, serverBaseUrl: `${closedUrl}/server`, userBaseUrl: `${closedUrl}/user`, connectivityTimeoutMs: 2000 });

  expect(file).toBe(configFile());
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
  const written = load(readFileSync(file, 'utf8')) as Record<string, unknown>;
  expect(written).toMatchObject({
    host: '127.0.0.1',
    verbose: true,
    cert_path: certificate,
    api_keys: [
      { key: primaryKey, weight: 3, name: 'primary' },
      { key: backupKey, weight: 1, name: 'key_2' },
    ],
  });
  expect(written.port).toEqual(expect.any(Number));
  const screen = io.stdoutText() + io.stderrText();
  expect(screen).not.toContain(primaryKey);
  expect(screen).not.toContain(backupKey);
  expect(screen).toContain('FAIL');
  expect(screen).toContain(`Created new configuration at: ${file}`);
  expect(screen).toContain('Configured 2 API keys (primary, key_2), balanced by weight with failover.');
});

it('takes a port typed at the port question', async () => {
  prompts.inject(['8123', primaryKey, '', '', false, '', false]);
  const io = createMemoryIo({ home, tty: true });
  await runFirstTimeSetup({ io, serverBaseUrl: `${closedUrl}/server`, userBaseUrl: `${closedUrl}/user`, connectivityTimeoutMs: 2000 });
  expect(load(readFileSync(configFile(), 'utf8'))).toMatchObject({ port: 8123, api_keys: [{ name: 'key_1' }] });
});

it('Ctrl-C at any question leaves no file', async () => {
  prompts.inject(['', primaryKey, '1', 'primary', new Error('ctrl-c')]);
  const io = createMemoryIo({ home, tty: true });
  await expect(runFirstTimeSetup({ io, serverBaseUrl: `${closedUrl}/server`, userBaseUrl: `${closedUrl}/user` })).rejects.toBeInstanceOf(SetupCancelledError);
  expect(existsSync(configFile())).toBe(false);
  expect(existsSync(path.dirname(configFile()))).toBe(false);
});

it('the CLI exits 130 when setup is cancelled', async () => {
  prompts.inject([new Error('ctrl-c')]);
  const io = createMemoryIo({ home, tty: true, env: { ASKSAGE_PROXY_SERVER_BASE_URL: `${closedUrl}/server` } });
  expect(await main([], io)).toBe(130);
  expect(existsSync(configFile())).toBe(false);
  expect(io.stderrText()).toContain('no configuration was written');
});

it('answering n at the port question is accepted and leads to a question for the port number', async () => {
  expect(checkPortAnswer('n', 50000)).toBe(true);
  expect(checkPortAnswer('No', 50000)).toBe(true);
  expect(checkPortAnswer('99999', 50000)).toMatch(/port number from 1 to 65535/);
  prompts.inject(['n', 8124, primaryKey, '', '', false, '', false]);
  const io = createMemoryIo({ home, tty: true });
  await runFirstTimeSetup({ io, serverBaseUrl: `${closedUrl}/server`, userBaseUrl: `${closedUrl}/user`, connectivityTimeoutMs: 2000 });
  expect(load(readFileSync(configFile(), 'utf8'))).toMatchObject({ port: 8124 });
});

it('refuses a weight that is not a finite number above 0 (1e400 would be written as .inf)', () => {
  expect(checkWeightAnswer('1e400')).toMatch(/greater than 0/);
  expect(checkWeightAnswer('Infinity')).toMatch(/greater than 0/);
  expect(checkWeightAnswer('0')).toMatch(/greater than 0/);
  expect(checkWeightAnswer('')).toBe(true);
  expect(checkWeightAnswer('2.5')).toBe(true);
});

it('writes into an existing folder without changing its mode; only the file is made private', async () => {
  const folder = path.join(home, 'shared');
  mkdirSync(folder);
  chmodSync(folder, 0o755);
  await writeConfigFile(path.join(folder, 'config.yaml'), 'port: 1\n');
  expect(statSync(folder).mode & 0o777).toBe(0o755);
  expect(statSync(path.join(folder, 'config.yaml')).mode & 0o777).toBe(0o600);
});

describe('connectivity check', () => {
  let server: Server;
  let base: string;
  const replies: Record<string, { status: number; body: string }> = {
    '/missing': { status: 404, body: '<html>Not Found</html>' },
    '/broken': { status: 502, body: 'Bad Gateway' },
    '/asksage': { status: 400, body: '{"response": "Bad request", "status": 400}' },
    '/fine': { status: 200, body: '{"response": [], "status": 200}' },
  };

  beforeAll(async () => {
    server = createHttpServer((request, response) => {
      const reply = replies[request.url ?? ''] ?? { status: 404, body: '' };
      request.resume();
      response.writeHead(reply.status, { 'content-type': 'text/plain' }).end(reply.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('calls a 404 reachable but not an AskSage endpoint, a 5xx a failure, and 2xx or an AskSage envelope ok', async () => {
    expect(await checkConnectivity(`${base}/missing`)).toMatchObject({ verdict: 'wrong-endpoint', detail: expect.stringContaining('not an AskSage endpoint') });
    expect(await checkConnectivity(`${base}/broken`)).toMatchObject({ verdict: 'failed' });
    expect(await checkConnectivity(`${base}/asksage`)).toMatchObject({ verdict: 'ok' });
    expect(await checkConnectivity(`${base}/fine`)).toMatchObject({ verdict: 'ok' });
  });

  it('setup does not print ok for a URL that answers 404, and still saves the configuration', async () => {
    prompts.inject(['', primaryKey, '', '', false, '', false]);
    const io = createMemoryIo({ home, tty: true });
    await runFirstTimeSetup({ io, serverBaseUrl: `${base}/server`, userBaseUrl: `${base}/user`, connectivityTimeoutMs: 2000 });
    expect(io.stdoutText()).not.toMatch(/^\s+ok\s/m);
    expect(io.stdoutText()).toContain('not an AskSage endpoint; check asksage_server_base_url.');
    expect(existsSync(configFile())).toBe(true);
  });
});

describe('setup answers that are refused, not silently changed', () => {
  it('asks the tenant when no URL was chosen, derives the /user URL from a custom server URL, and rejects a busy port, a truncated key and a repeated key', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const busyPort = (busy.address() as { port: number }).port;
    try {
      expect(await checkListenPortAnswer(String(busyPort))).toContain('in use');
      expect(await checkListenPortAnswer('0')).toContain('from 1 to 65535');
      expect(await checkListenPortAnswer('70000')).toContain('from 1 to 65535');
      expect(checkKeyAnswer('12345', new Set())).toContain('Paste the whole key');
      expect(checkKeyAnswer(primaryKey, new Set([primaryKey]))).toContain('already configured');
      expect(checkKeyAnswer(backupKey, new Set([primaryKey]))).toBe(true);
      expect(deriveTenantUrls('https://api.asksage.example.org/server/')).toEqual({ serverBaseUrl: 'https://api.asksage.example.org/server', userBaseUrl: 'https://api.asksage.example.org/user' });
      expect(deriveTenantUrls('not a url')).toContain('server URL');
    } finally {
      await new Promise<void>((resolve) => busy.close(() => resolve()));
    }
    // The dialogue: default port, "another tenant" with its URL, one key, defaults for the rest.
    prompts.inject(['', 'custom', `${closedUrl}/server`, primaryKey, '', '', false, '', false]);
    const io = createMemoryIo({ home });
    await runFirstTimeSetup({ io, serverBaseUrl: 'https://api.asksage.anl.gov/server', userBaseUrl: 'https://api.asksage.anl.gov/user', askTenant: true, connectivityTimeoutMs: 500 });
    const written = readFileSync(configFile(), 'utf8');
    expect(written).toContain(`asksage_server_base_url: ${closedUrl}/server`);
    expect(written).toContain(`asksage_user_base_url: ${closedUrl}/user`);
  });
});

describe('the check after setup writes the config (the same check as --check)', () => {
  let simulator: RunningSimulator;
  const revokedKey = 'r'.repeat(40) + 'REVOKEDSECRET0000000000';

  beforeAll(async () => {
    simulator = await startAskSageSimulator({ keys: [{ key: primaryKey }, { key: revokedKey, invalid: true }] });
  });
  afterAll(() => simulator.close());

  it('shows every URL and the key ok against AskSage, spending no tokens', async () => {
    prompts.inject(['', primaryKey, '', 'lab', false, '', false]);
    const io = createMemoryIo({ home, tty: true });
    await runFirstTimeSetup({ io, serverBaseUrl: simulator.serverBaseUrl, userBaseUrl: simulator.userBaseUrl });
    const screen = io.stdoutText();
    expect(screen).toMatch(/Created new configuration at: [\s\S]*Checking the URLs and every key/);
    expect(screen).toMatch(/ok +\S+\/server\/get-models/);
    expect(screen).toMatch(/ok +\S+\/user\/get-token-with-api-key/);
    expect(screen).toMatch(/ok +key "lab" +accepted/);
    expect(screen).toContain('Everything answered.');
    expect(screen).not.toContain(primaryKey);
    expect(simulator.requests().filter((request) => request.path === '/server/query')).toEqual([]);
  });

  it('names a key AskSage rejects and what to fix, keeps the written config, and says how to check again', async () => {
    prompts.inject(['', revokedKey, '', 'old', false, '', false]);
    const io = createMemoryIo({ home, tty: true });
    const file = await runFirstTimeSetup({ io, serverBaseUrl: simulator.serverBaseUrl, userBaseUrl: simulator.userBaseUrl });
    const screen = io.stdoutText();
    expect(screen).toMatch(/FAIL +key "old" +.*Token is invalid.*Fix this key in the config \(asksage-proxy --edit\)/);
    expect(screen).toContain(`the configuration is kept as saved in ${file}`);
    expect(screen).toContain('run "asksage-proxy --check" to check again');
    expect(readFileSync(file, 'utf8')).toContain(revokedKey);
    expect(screen).not.toContain(revokedKey);
  });
});
