/**
 * Running it for a lab, through the real CLI process and the simulator: Prometheus metrics and the status JSON after
 * real traffic (names, labels, no key anywhere), a Unix socket instead of TCP, and reloads without restart.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import http from 'node:http';
import path from 'node:path';
import { dump } from 'js-yaml';
import { startAskSageSimulator, type RunningSimulator } from '@asksage-proxy/asksage-simulator';
import { parsePrometheusText } from '../../../test-support/parse-prometheus-text';
import { driveChatRequest, type ChatOutcome } from './support/drive-chat-request';
import { startProxyProcess, type ProxyProcess } from './support/start-proxy-process';
import { eventually } from './support/eventually';

// Random hex, so any 8-character slice found in an answer can only have come from the key.
const secret = (label: string) => `${label}-${randomBytes(28).toString('hex')}`;
const KEY_A = secret('alpha');
const KEY_B = secret('beta');
const KEY_G = secret('gamma');
const PROXY_TOKEN = secret('proxy-token');
const bearer = { authorization: `Bearer ${PROXY_TOKEN}` };

/** Every 8-character piece of every secret that appears in `text`. */
function secretSlicesIn(text: string): string[] {
  return [KEY_A, KEY_B, KEY_G, PROXY_TOKEN].flatMap((key) => {
    const found: string[] = [];
    for (let index = 0; index + 8 <= key.length; index += 1) if (text.includes(key.slice(index, index + 8))) found.push(key.slice(index, index + 8));
    return found;
  });
}

const chat = (content: string, extra: Record<string, unknown> = {}) => ({ model: 'gpt-4o', messages: [{ role: 'user', content }], ...extra });

describe('metrics and status through the real CLI', () => {
  let simulator: RunningSimulator;
  let proxy: ProxyProcess;

  beforeAll(async () => {
    simulator = await startAskSageSimulator({ keys: [{ key: KEY_A }, { key: KEY_B }] });
    proxy = await startProxyProcess({
      config: {
        api_keys: [{ key: KEY_A, name: 'alpha', weight: 3 }, { key: KEY_B, name: 'beta' }],
        asksage_server_base_url: simulator.serverBaseUrl,
        asksage_user_base_url: simulator.userBaseUrl,
        proxy_api_keys: [PROXY_TOKEN],
      },
    });
    for (let index = 0; index < 4; index += 1) expect((await driveChatRequest(proxy.url, chat(`plain ${index}`), { headers: bearer })).kind).toBe('completion');
    for (let index = 0; index < 2; index += 1) expect((await driveChatRequest(proxy.url, chat(`streamed ${index}`, { stream: true, stream_options: { include_usage: true } }), { headers: bearer })).kind).toBe('completion');
    expect(await driveChatRequest(proxy.url, { ...chat('nope'), model: `no-such-model-${KEY_A}` }, { headers: bearer })).toMatchObject({ kind: 'error', code: 'model_not_found' });
  });

  afterAll(async () => {
    await proxy?.stop();
    await simulator?.close();
  });

  it('asks scrapers for a proxy key when proxy_api_keys are set', async () => {
    expect((await fetch(`${proxy.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${proxy.url}/status.json`)).status).toBe(401);
  });

  it('serves the documented metric names and labels after real traffic', async () => {
    const response = await fetch(`${proxy.url}/metrics`, { headers: bearer });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const metrics = parsePrometheusText(await response.text());
    expect(metrics.types.asksage_proxy_requests_total).toBe('counter');
    expect(metrics.sum('asksage_proxy_requests_total', { dialect: 'openai-chat', model: 'gpt-4o', outcome: 'success', code: 'none' })).toBe(6);
    // The unknown model name (which even quoted a key) collapsed into one label value.
    expect(metrics.find('asksage_proxy_requests_total', { model: 'other', key: 'none', outcome: 'error', code: 'model_not_found' })[0]?.value).toBe(1);
    const keyLabels = new Set(metrics.samples.map((sample) => sample.labels.key).filter((key) => key !== undefined));
    expect([...keyLabels].sort()).toEqual(['alpha', 'beta', 'none']);
    expect(metrics.sum('asksage_proxy_upstream_attempts_total', { model: 'gpt-4o', outcome: 'success' })).toBe(6);
    expect(metrics.sum('asksage_proxy_request_duration_seconds_count', { stream: 'true' })).toBe(2);
    expect(metrics.sum('asksage_proxy_upstream_duration_seconds_count')).toBe(6);
    expect(metrics.sum('asksage_proxy_time_to_first_token_seconds_count', { dialect: 'openai-chat', model: 'gpt-4o' })).toBe(2);
    expect(metrics.sum('asksage_proxy_input_tokens_total', { model: 'gpt-4o' })).toBeGreaterThan(0);
    expect(metrics.sum('asksage_proxy_output_tokens_total', { model: 'gpt-4o' })).toBeGreaterThan(0);
    expect(metrics.sum('asksage_proxy_asksage_tokens_total', { model: 'gpt-4o' })).toBeGreaterThan(0);
    expect(metrics.find('asksage_proxy_key_state', { key: 'alpha', state: 'healthy' })[0]?.value).toBe(1);
    expect(metrics.find('asksage_proxy_key_weight', { key: 'alpha' })[0]?.value).toBe(3);
    expect(metrics.sum('asksage_proxy_streams_in_flight')).toBe(0);
    expect(metrics.types.asksage_proxy_key_cooldowns_total).toBe('counter');
    expect(metrics.find('process_cpu_user_seconds_total')).toHaveLength(1);
    expect(metrics.find('nodejs_eventloop_lag_seconds')).toHaveLength(1);
  });

  it('reports usage and month-to-date spend per key by name in /status.json', async () => {
    const report = (await (await fetch(`${proxy.url}/status.json`, { headers: bearer })).json()) as {
      status: string;
      keys: Array<{ name: string; state: string; weight: number; weightShare: number; requests: number; inputTokens: number; asksageTokens: number; monthToDate?: { tokens?: number } }>;
      models: Array<{ id: string; requests: number }>;
      recentErrors: Array<{ code: string; model: string }>;
      requestsPerMinute: { counts: number[] };
    };
    expect(report.status).toBe('ready');
    expect(report.keys.map((key) => [key.name, key.state, key.weight, key.weightShare])).toEqual([['alpha', 'healthy', 3, 0.75], ['beta', 'healthy', 1, 0.25]]);
    expect(report.keys.reduce((sum, key) => sum + key.requests, 0)).toBe(6);
    // AskSage's own monthly counter (the simulator's count-monthly-tokens) equals the AskSage tokens billed per key.
    for (const key of report.keys) {
      expect(key.monthToDate?.tokens).toBe(key.asksageTokens);
    }
    expect(report.keys.some((key) => (key.monthToDate?.tokens ?? 0) > 0)).toBe(true);
    expect(report.models).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'gpt-4o', requests: 6 })]));
    expect(report.recentErrors).toEqual([expect.objectContaining({ code: 'model_not_found', model: '(unknown)' })]);
    expect(report.requestsPerMinute.counts.reduce((sum, count) => sum + count, 0)).toBe(7);
    expect(simulator.requests().filter((request) => request.path === '/server/count-monthly-tokens')).toHaveLength(2);
    // Cached: a second look does not ask AskSage again.
    await fetch(`${proxy.url}/status.json`, { headers: bearer });
    expect(simulator.requests().filter((request) => request.path === '/server/count-monthly-tokens')).toHaveLength(2);
  });

  it('never shows a key, or any piece of one, in /metrics, /status or /status.json', async () => {
    const bodies = await Promise.all(
      ['/metrics', '/status', '/status.json'].map(async (route) => (await fetch(`${proxy.url}${route}`, { headers: bearer })).text()),
    );
    expect(bodies[1]).toContain('<title>');
    for (const body of bodies) expect(secretSlicesIn(body)).toEqual([]);
  });

  it('serves the status page without a key (it holds no data) and says metrics are off when they are', async () => {
    const page = await fetch(`${proxy.url}/status`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self'");
  });

  it('counts the completion requests refused before a key was picked (bad body, wrong proxy key), and logs their code', async () => {
    const count = async (code: string) => parsePrometheusText(await (await fetch(`${proxy.url}/metrics`, { headers: bearer })).text()).sum('asksage_proxy_requests_total', { dialect: 'openai-chat', outcome: 'error', code });
    const [malformedBefore, unauthorizedBefore] = [await count('invalid_request'), await count('invalid_api_key')];
    const malformed = await fetch(`${proxy.url}/v1/chat/completions`, { method: 'POST', headers: { ...bearer, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o', messages: 'not a list' }) });
    expect(malformed.status).toBe(400);
    const unauthorized = await fetch(`${proxy.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(chat('no key')) });
    expect(unauthorized.status).toBe(401);
    await eventually(async () => (await count('invalid_request')) === malformedBefore + 1 && (await count('invalid_api_key')) === unauthorizedBefore + 1);
    const accessLine = (requestId: string | null) => proxy.output().split('\n').find((line) => requestId !== null && line.includes(`"${requestId}"`) && line.includes('"status":'));
    expect(accessLine(malformed.headers.get('x-request-id'))).toContain('"code":"invalid_request"');
    expect(accessLine(unauthorized.headers.get('x-request-id'))).toContain('"code":"invalid_api_key"');
  });
});

/** Listening TCP sockets (state 0A) owned by `pid`, from /proc (Linux). */
function listeningTcpSockets(pid: number): string[] {
  const inodes = new Set(
    readdirSync(`/proc/${pid}/fd`).map((fd) => {
      try {
        return /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
      } catch {
        return undefined;
      }
    }).filter((inode): inode is string => inode !== undefined),
  );
  return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((table) =>
    readFileSync(table, 'utf8').split('\n').slice(1).map((line) => line.trim().split(/\s+/)).filter((columns) => columns[3] === '0A' && inodes.has(columns[9] ?? '')).map((columns) => columns[1] ?? ''),
  );
}

function requestOverSocket(socketPath: string, route: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http.get({ socketPath, path: route, headers: { host: 'localhost' } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

describe('a Unix socket instead of TCP', () => {
  it('creates the socket with mode 0600, opens no TCP port, serves through it and removes it at exit', async () => {
    const simulator = await startAskSageSimulator({ keys: [{ key: KEY_A }] });
    const home = mkdtempSync(path.join(tmpdir(), 'asksage-proxy-socket-'));
    const socketPath = path.join(home, 'proxy.sock');
    const proxy = await startProxyProcess({
      home,
      waitForHealth: false,
      config: { api_keys: [{ key: KEY_A, name: 'alpha' }], asksage_server_base_url: simulator.serverBaseUrl, asksage_user_base_url: simulator.userBaseUrl, socket: 'proxy.sock', metrics: false },
    });
    try {
      await eventually(async () => existsSync(socketPath) && (await requestOverSocket(socketPath, '/health').catch(() => ({ status: 0 }))).status === 200);
      expect(statSync(socketPath).isSocket()).toBe(true);
      expect(statSync(socketPath).mode & 0o777).toBe(0o600);
      expect(listeningTcpSockets(proxy.child.pid!)).toEqual([]);
      const models = await requestOverSocket(socketPath, '/v1/models');
      expect(models.status).toBe(200);
      expect(JSON.parse(models.body).data.length).toBeGreaterThan(0);
      expect((await requestOverSocket(socketPath, '/metrics')).status).toBe(404);
      expect(proxy.output()).toContain(`curl --unix-socket ${socketPath}`);
    } finally {
      expect(await proxy.stop()).toBe(0);
      await simulator.close();
    }
    expect(existsSync(socketPath)).toBe(false);
    rmSync(home, { recursive: true, force: true });
  });
});

/** Log lines (JSON, stderr is not a terminal) the proxy wrote so far. */
function logMessages(proxy: ProxyProcess): string[] {
  return proxy.output().split('\n').flatMap((line) => {
    try {
      const parsed = JSON.parse(line) as { message?: unknown };
      return typeof parsed.message === 'string' ? [parsed.message] : [];
    } catch {
      return [];
    }
  });
}

describe('reload without restart', () => {
  it('applies a valid config on SIGHUP and refuses an invalid one, under load, dropping nothing', async () => {
    const simulator = await startAskSageSimulator({ keys: [{ key: KEY_A }, { key: KEY_B }, { key: KEY_G }], latencyMs: 150 });
    const base = { asksage_server_base_url: simulator.serverBaseUrl, asksage_user_base_url: simulator.userBaseUrl };
    const proxy = await startProxyProcess({ config: { ...base, api_keys: [{ key: KEY_A, name: 'alpha' }, { key: KEY_B, name: 'beta' }] } });
    const configPath = path.join(proxy.home, 'config.yaml');
    const port = Number(new URL(proxy.url).port);
    const outcomes: ChatOutcome[] = [];
    let loading = true;
    const workers = Array.from({ length: 6 }, async (_unused, worker) => {
      for (let index = 0; loading; index += 1) {
        outcomes.push(await driveChatRequest(proxy.url, chat(`load ${worker}-${index}`, { stream: index % 2 === 0 })));
      }
    });
    const healthKeys = async () => ((await (await fetch(`${proxy.url}/health`)).json()) as { keys: Array<{ name: string; weight: number }> }).keys.map((key) => `${key.name}:${key.weight}`);
    try {
      await eventually(() => outcomes.length >= 6);
      // Requests are in flight with beta when beta is removed: they must finish on the old settings.
      await eventually(() => simulator.requests().filter((request) => request.resolvedKey === KEY_B).length > 0);
      // And one slow request, held by AskSage across the whole reload, still completes.
      simulator.injectFault({ kind: 'delay', ms: 1500, match: { model: 'gpt-4o-mini' }, times: 1 });
      let slowFinishedAfterReload: boolean | undefined;
      const slow = driveChatRequest(proxy.url, { ...chat('slow one'), model: 'gpt-4o-mini' }).then((outcome) => {
        slowFinishedAfterReload = logMessages(proxy).includes('Reloaded');
        return outcome;
      });
      await eventually(() => simulator.requests().some((request) => (request.body as { model?: string } | undefined)?.model === 'gpt-4o-mini'));
      writeFileSync(configPath, dump({ ...base, host: '127.0.0.1', port, api_keys: [{ key: KEY_A, name: 'alpha', weight: 2 }, { key: KEY_G, name: 'gamma' }] }));
      proxy.child.kill('SIGHUP');
      await eventually(() => logMessages(proxy).includes('Reloaded'));
      expect(await healthKeys()).toEqual(['alpha:2', 'gamma:1']);
      expect((await slow).kind).toBe('completion');
      expect(slowFinishedAfterReload).toBe(true);
      const afterReload = simulator.requests().length;
      const queriesAfterReload = () => simulator.requests().slice(afterReload).filter((request) => request.path === '/server/query');
      await eventually(() => queriesAfterReload().length >= 18);
      // The first few may be requests that reached the proxy just before the switch (one per worker at most).
      const usedAfter = new Set(queriesAfterReload().slice(6).map((request) => request.resolvedKey));
      expect(usedAfter.has(KEY_B)).toBe(false);
      expect(usedAfter.has(KEY_G)).toBe(true);

      // An invalid file: refused with startup's exact message, the running configuration stays.
      writeFileSync(configPath, `${dump({ ...base, host: '127.0.0.1', port, api_keys: [{ key: KEY_A, name: 'alpha' }] })}max_attempts: 99\n`);
      const startup = await startProxyProcess({ home: proxy.home, waitForHealth: false, args: [configPath, '--show'] });
      expect(await startup.waitForExit()).toBe(2);
      const startupError = (/asksage-proxy: ([\s\S]+)/.exec(startup.output())?.[1] ?? '').trim();
      expect(startupError).toContain('max_attempts');
      proxy.child.kill('SIGHUP');
      await eventually(() => logMessages(proxy).some((message) => message.startsWith('Reload refused')));
      const refusal = logMessages(proxy).find((message) => message.startsWith('Reload refused')) as string;
      expect(refusal).toContain(startupError);
      expect(await healthKeys()).toEqual(['alpha:2', 'gamma:1']);
      const settled = outcomes.length;
      await eventually(() => outcomes.length >= settled + 6);
      loading = false;
      await Promise.all(workers);
      const failed = outcomes.filter((outcome) => outcome.kind !== 'completion');
      expect(failed).toEqual([]);
      expect(outcomes.length).toBeGreaterThan(20);
      expect(secretSlicesIn(proxy.output())).toEqual([]);
    } finally {
      loading = false;
      await Promise.all(workers);
      await proxy.stop();
      await simulator.close();
    }
  });

  it('asksage-proxy --reload finds the running proxy by its pid file and reloads its keys and model list', async () => {
    const simulator = await startAskSageSimulator({ keys: [{ key: KEY_A }, { key: KEY_G }] });
    const base = { asksage_server_base_url: simulator.serverBaseUrl, asksage_user_base_url: simulator.userBaseUrl };
    const proxy = await startProxyProcess({ config: { ...base, api_keys: [{ key: KEY_A, name: 'alpha' }] } });
    try {
      const configPath = path.join(proxy.home, 'config.yaml');
      expect(readFileSync(path.join(proxy.home, 'asksage-proxy.pid'), 'utf8').trim()).toBe(String(proxy.child.pid));
      const modelIds = async () => ((await (await fetch(`${proxy.url}/v1/models`)).json()) as { data: Array<{ id: string }> }).data.map((model) => model.id);
      expect((await modelIds()).length).toBeGreaterThan(2);
      writeFileSync(path.join(proxy.home, 'lab-models.json'), JSON.stringify({ models: [{ id: 'gpt-4o', type: 'chat' }, { id: 'gpt-4o-mini', type: 'chat' }] }));
      writeFileSync(configPath, dump({ ...base, host: '127.0.0.1', port: Number(new URL(proxy.url).port), models_file: 'lab-models.json', api_keys: [{ key: KEY_A, name: 'alpha' }, { key: KEY_G, name: 'gamma' }] }));
      const reload = await startProxyProcess({ home: proxy.home, waitForHealth: false, args: [configPath, '--reload'] });
      expect(await reload.waitForExit()).toBe(0);
      expect(reload.output()).toContain(`Asked the proxy (pid ${proxy.child.pid}) to reload`);
      await eventually(() => logMessages(proxy).includes('Reloaded'));
      const health = (await (await fetch(`${proxy.url}/health`)).json()) as { keys: Array<{ name: string }> };
      expect(health.keys.map((key) => key.name)).toEqual(['alpha', 'gamma']);
      expect((await modelIds()).sort()).toEqual(['gpt-4o', 'gpt-4o-mini']);
    } finally {
      expect(await proxy.stop()).toBe(0);
      await simulator.close();
    }
    expect(existsSync(path.join(proxy.home, 'asksage-proxy.pid'))).toBe(false);
  });
});

describe('log_file', () => {
  it('writes JSON log lines to the file, rotates by size and keeps log_max_files rotated files, keys redacted', async () => {
    const simulator = await startAskSageSimulator({ keys: [{ key: KEY_A }] });
    const home = mkdtempSync(path.join(tmpdir(), 'asksage-proxy-log-'));
    const proxy = await startProxyProcess({
      home,
      config: {
        api_keys: [{ key: KEY_A, name: 'alpha' }], asksage_server_base_url: simulator.serverBaseUrl, asksage_user_base_url: simulator.userBaseUrl,
        // About 2 KB per file: a few requests' lines (verbose logs the bodies) rotate several times.
        log_file: 'proxy.log', log_rotation: 'size', log_max_size_mb: 0.002, log_max_files: 2, verbose: true,
      },
    });
    try {
      for (let index = 0; index < 8; index += 1) expect((await driveChatRequest(proxy.url, chat(`log me ${index} ${KEY_A}`))).kind).toBe('completion');
      expect(await proxy.stop()).toBe(0);
      const files = readdirSync(home).filter((name) => name.startsWith('proxy.log')).sort();
      expect(files).toEqual(['proxy.log', 'proxy.log.1', 'proxy.log.2']);
      const text = files.map((name) => readFileSync(path.join(home, name), 'utf8')).join('');
      for (const line of text.trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
      expect(text).toContain('"message":"Stopped."');
      expect(secretSlicesIn(text)).toEqual([]);
      for (const name of files) expect(statSync(path.join(home, name)).size).toBeLessThanOrEqual(0.002 * 1024 * 1024 + 4096);
    } finally {
      await proxy.stop();
      await simulator.close();
      rmSync(home, { recursive: true, force: true });
    }
  });
});
