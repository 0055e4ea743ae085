import { mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, readSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { createAskSageUpstreamClient } from '@asksage-proxy/adapter-asksage';
import { startAskSageSimulator } from '@asksage-proxy/asksage-simulator';
import type { RunningSimulator } from '@asksage-proxy/asksage-simulator';
import { silentLogger } from '@asksage-proxy/core';
import type { AskSageQuery, UpstreamClient } from '@asksage-proxy/core';
import { defaultCacheFile } from './default-cache-file';
import { loadModelCatalog } from './load-model-catalog';
import { refreshAvailableModels } from './refresh-available-models';

// End to end with the real AskSage adapter over HTTP against the simulator: two keys with different
// entitlements, one retired model, one bad key.
const labKey = 'L'.repeat(64);
const studentKey = 'S'.repeat(64);
const badKey = 'B'.repeat(64);
const curated = ['gpt-4o', 'gpt-4o-mini', 'claude-35-sonnet', 'claude-37-sonnet', 'google-gemini-2.5-pro', 'llma3', 'groq-llama33', 'not-on-this-tenant'];
const tenantModels = curated.filter((id) => id !== 'not-on-this-tenant').concat(['gpt-5', 'dall-e-3']);
const keys = [
  { name: 'lab', key: labKey, weight: 1 },
  { name: 'student', key: studentKey, weight: 1 },
  { name: 'expired', key: badKey, weight: 1 },
];

/** Wraps the adapter to count queries in flight (no timing involved). */
function countingUpstream(inner: UpstreamClient): UpstreamClient & { maxInFlight: number } {
  let inFlight = 0;
  const wrapper = {
    maxInFlight: 0,
    getModels: (options: Parameters<UpstreamClient['getModels']>[0]) => inner.getModels(options),
    countMonthlyTokens: (options: Parameters<UpstreamClient['countMonthlyTokens']>[0]) => inner.countMonthlyTokens(options),
    streamQuery: (query: Parameters<UpstreamClient['streamQuery']>[0], options: Parameters<UpstreamClient['streamQuery']>[1]) => inner.streamQuery(query, options),
    embed: (request: Parameters<UpstreamClient['embed']>[0], options: Parameters<UpstreamClient['embed']>[1]) => inner.embed(request, options),
    async query(query: AskSageQuery, options: Parameters<UpstreamClient['query']>[1]) {
      inFlight += 1;
      wrapper.maxInFlight = Math.max(wrapper.maxInFlight, inFlight);
      try {
        return await inner.query(query, options);
      } finally {
        inFlight -= 1;
      }
    },
  };
  return wrapper;
}

async function billedTokens(simulator: RunningSimulator, apiKey: string): Promise<number> {
  const response = await fetch(`${simulator.serverBaseUrl}/count-monthly-tokens`, { method: 'POST', headers: { 'x-access-tokens': apiKey, 'content-type': 'application/json' }, body: '{}' });
  return ((await response.json()) as { response: number }).response;
}

describe('refreshAvailableModels against the AskSage simulator', () => {
  let simulator: RunningSimulator;
  let upstream: ReturnType<typeof createAskSageUpstreamClient>;
  let home: string;

  beforeAll(async () => {
    simulator = await startAskSageSimulator({
      keys: [{ key: labKey }, { key: studentKey, models: ['gpt-4o', 'llma3', 'claude-37-sonnet'] }, { key: badKey, invalid: true }],
      models: tenantModels,
      retiredModels: ['claude-37-sonnet'],
      latencyMs: 5,
    });
    upstream = createAskSageUpstreamClient({ serverBaseUrl: simulator.serverBaseUrl });
    home = mkdtempSync(path.join(tmpdir(), 'refresh-sim-'));
  });

  afterAll(async () => {
    upstream?.close();
    await simulator?.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('tells working, denied and retired pairs apart, counts real tokens, and caches atomically', async () => {
    const modelsFile = path.join(home, 'models.json');
    writeFileSync(modelsFile, JSON.stringify({ models: curated.map((id) => ({ id, type: 'chat' })) }));
    const cacheFile = defaultCacheFile(home);
    // A previous cache held open: an atomic replace leaves this open file's content intact.
    mkdirSync(path.dirname(cacheFile), { recursive: true, mode: 0o700 });
    writeFileSync(cacheFile, 'previous cache', { mode: 0o600 });
    const previous = openSync(cacheFile, 'r');
    const counted = countingUpstream(upstream);
    const out = new PassThrough();
    let printed = '';
    out.on('data', (chunk: Buffer) => (printed += chunk.toString('utf8')));

    const report = await refreshAvailableModels({ upstream: counted, keys, modelsFile, cacheFile, logger: silentLogger, out, isTTY: false });

    const table = Object.fromEntries(curated.map((model) => [model, keys.map(({ name }) => report.results.find((result) => result.model === model && result.keyName === name)?.status)]));
    expect(table).toEqual({
      'gpt-4o': ['ok', 'ok', 'denied'],
      'gpt-4o-mini': ['ok', 'denied', 'denied'],
      'claude-35-sonnet': ['ok', 'denied', 'denied'],
      'claude-37-sonnet': ['retired', 'retired', 'denied'],
      'google-gemini-2.5-pro': ['ok', 'denied', 'denied'],
      llma3: ['ok', 'ok', 'denied'],
      'groq-llama33': ['ok', 'denied', 'denied'],
      'not-on-this-tenant': ['denied', 'denied', 'denied'],
    });
    expect(printed).toMatch(/^claude-37-sonnet\s+retired\s+retired\s+denied$/m);

    const queries = simulator.requests().filter((request) => request.path === '/server/query');
    // Only listed curated pairs are queried: 7 for the lab key, 3 for the student key, none for the rejected key.
    expect(queries.length).toBe(10);
    expect(report.queries).toBe(10);
    expect(queries.filter((request) => request.accessToken === badKey)).toEqual([]);
    for (const request of queries) {
      const body = request.body as Record<string, unknown>;
      expect(typeof body.system_prompt).toBe('string');
      expect(body.usage).toBe(true);
    }
    expect(counted.maxInFlight).toBeLessThanOrEqual(5);
    expect(counted.maxInFlight).toBeGreaterThan(1);

    const billed = (await billedTokens(simulator, labKey)) + (await billedTokens(simulator, studentKey));
    expect(report.tokens.asksageTokens).toBeGreaterThan(0);
    expect(report.tokens.asksageTokens).toBe(billed);
    expect(printed).toContain(`spent ${report.tokens.modelTokens} model tokens (${report.tokens.asksageTokens} AskSage tokens)`);

    const cache = JSON.parse(readFileSync(cacheFile, 'utf8')) as { version: number; validated_at: string; keys: string[]; models: Array<{ id: string; keys: string[] }>; unavailable: string[] };
    expect(cache.version).toBe(1);
    expect(Number.isNaN(Date.parse(cache.validated_at))).toBe(false);
    expect(cache.keys).toEqual(['lab', 'student', 'expired']);
    expect(Object.fromEntries(cache.models.map((model) => [model.id, model.keys]))).toEqual({
      'gpt-4o': ['lab', 'student'],
      'gpt-4o-mini': ['lab'],
      'claude-35-sonnet': ['lab'],
      'google-gemini-2.5-pro': ['lab'],
      llma3: ['lab', 'student'],
      'groq-llama33': ['lab'],
    });
    expect(cache.unavailable).toEqual(['claude-37-sonnet', 'not-on-this-tenant']);
    expect(statSync(cacheFile).mode & 0o777).toBe(0o600);
    expect(readdirSync(path.dirname(cacheFile))).toEqual(['available_models.json']);
    const buffer = Buffer.alloc(64);
    const length = readSync(previous, buffer, 0, 64, 0);
    closeSync(previous);
    expect(buffer.subarray(0, length).toString('utf8')).toBe('previous cache');
    expect(readFileSync(cacheFile, 'utf8')).not.toContain(labKey);

    // The next normal startup reads the cache and makes zero upstream calls.
    const before = simulator.requests().length;
    const loaded = await loadModelCatalog({ cacheFile, logger: silentLogger, now: Date.now() });
    expect(loaded.entries.find((entry) => entry.id === 'gpt-4o')?.keys).toEqual(['lab', 'student']);
    expect(simulator.requests().length).toBe(before);
  });
});
