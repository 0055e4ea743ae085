import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { ProxyError, silentLogger } from '@asksage-proxy/core';
import type { AskSageQuery, AskSageQueryResponse, UpstreamClient } from '@asksage-proxy/core';
import { refreshAvailableModels } from './refresh-available-models';

const fixtures = path.resolve(__dirname, '../../../../fixtures/asksage');
function recordedBody(name: string): Record<string, unknown> {
  return (JSON.parse(readFileSync(path.join(fixtures, `${name}.json`), 'utf8')) as { response: { body: Record<string, unknown> } }).response.body;
}
const success = recordedBody('query-success-system-prompt-usage'); // 44 model tokens, 7 AskSage tokens
const retired = recordedBody('query-retired-model-teach');
const tokenInvalid = recordedBody('token-invalid-2');

/** A scripted upstream: per-key model lists, HTTP-200 envelopes as AskSage sends them, and an in-flight counter. */
function scriptedUpstream(): UpstreamClient & { queries: Array<{ query: AskSageQuery; apiKey: string }>; maxInFlight: number } {
  const listed: Record<string, string[]> = {
    'secret-lab': ['gpt-4o', 'claude-35-sonnet', 'claude-37-sonnet', 'llma3', 'groq-llama33', 'gpt-o3-mini', 'xai-grok'],
    'secret-student': ['gpt-4o'],
  };
  let inFlight = 0;
  const upstream = {
    queries: [] as Array<{ query: AskSageQuery; apiKey: string }>,
    maxInFlight: 0,
    async countMonthlyTokens(): Promise<unknown> {
      return { response: 0, status: 200 };
    },
    async streamQuery(): Promise<AsyncIterable<string>> {
      throw new Error('model validation never streams');
    },
    async embed(): Promise<unknown> {
      throw new Error('model validation never embeds');
    },
    async getModels(options: { apiKey?: string }): Promise<unknown> {
      const models = listed[options.apiKey ?? ''];
      if (models === undefined) return tokenInvalid;
      return { data: models.map((id) => ({ id, object: 'model' })), object: 'list', response: models, status: 200 };
    },
    async query(query: AskSageQuery, options: { apiKey: string }): Promise<AskSageQueryResponse> {
      upstream.queries.push({ query, apiKey: options.apiKey });
      inFlight += 1;
      upstream.maxInFlight = Math.max(upstream.maxInFlight, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
      if (query.model === 'claude-37-sonnet') return retired;
      if (query.model === 'groq-llama33') throw new ProxyError('model_overloaded', 'Sorry, the model is overloaded', { isRetryable: true });
      return { ...success, provenance: { model: query.model } };
    },
  };
  return upstream;
}

describe('refreshAvailableModels (scripted upstream)', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'refresh-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  function capture(): PassThrough & { text: () => string } {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    return Object.assign(stream, { text: () => text });
  }

  const keys = [
    { name: 'lab', key: 'secret-lab', weight: 1 },
    { name: 'student', key: 'secret-student', weight: 1 },
    { name: 'expired', key: 'secret-expired', weight: 1 },
  ];

  it('reports the truth per key, counts the tokens, and caches only working pairs', async () => {
    const modelsFile = path.join(folder, 'models.json');
    const curated = ['gpt-4o', 'claude-35-sonnet', 'claude-37-sonnet', 'llma3', 'groq-llama33', 'gpt-o3-mini', 'not-on-tenant'];
    writeFileSync(modelsFile, JSON.stringify(curated.map((id) => ({ id, type: 'chat' }))));
    const cacheFile = path.join(folder, 'config', 'asksage_proxy', 'available_models.json');
    const upstream = scriptedUpstream();
    const out = capture();

    const report = await refreshAvailableModels({ upstream, keys, modelsFile, cacheFile, logger: silentLogger, out, isTTY: false, now: () => Date.UTC(2026, 4, 1) });

    const statusOf = (model: string, keyName: string): string | undefined =>
      report.results.find((result) => result.model === model && result.keyName === keyName)?.status;
    expect(statusOf('gpt-4o', 'lab')).toBe('ok');
    expect(statusOf('gpt-4o', 'student')).toBe('ok');
    expect(statusOf('claude-35-sonnet', 'student')).toBe('denied');
    expect(statusOf('claude-37-sonnet', 'lab')).toBe('retired');
    expect(statusOf('groq-llama33', 'lab')).toBe('error');
    expect(curated.map((model) => statusOf(model, 'expired'))).toEqual(curated.map(() => 'denied'));
    expect(report.results).toHaveLength(curated.length * keys.length);

    // Only listed curated pairs cost a query; the rejected key and unlisted models cost nothing.
    expect(report.queries).toBe(7);
    expect(upstream.queries.map((item) => item.apiKey).sort()).toEqual([...Array(6).fill('secret-lab'), 'secret-student'].sort());
    expect(upstream.queries.every(({ query }) => query.system_prompt !== undefined && query.usage === true && query.dataset === 'none' && query.live === 0 && query.limit_references === 0)).toBe(true);
    expect(upstream.maxInFlight).toBeLessThanOrEqual(5);
    // 5 successes x 44 model tokens (7 AskSage tokens); the retired reply has usage null.
    expect(report.tokens).toEqual({ modelTokens: 5 * 44, asksageTokens: 5 * 7 });

    const cache = JSON.parse(readFileSync(cacheFile, 'utf8')) as { version: number; validated_at: string; models: Array<{ id: string; keys: string[] }> };
    expect(cache.version).toBe(1);
    expect(cache.validated_at).toBe('2026-05-01T00:00:00.000Z');
    expect(cache.models.map((model) => [model.id, model.keys])).toEqual([
      ['gpt-4o', ['lab', 'student']],
      ['claude-35-sonnet', ['lab']],
      ['llma3', ['lab']],
      ['gpt-o3-mini', ['lab']],
    ]);
    expect(report.unavailable).toEqual(['claude-37-sonnet', 'groq-llama33', 'not-on-tenant']);
    expect(statSync(cacheFile).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(cacheFile)).mode & 0o777).toBe(0o700);
    expect(readdirSync(path.dirname(cacheFile))).toEqual(['available_models.json']);

    const text = out.text();
    expect(text).toMatch(/^model\s+lab\s+student\s+expired$/m);
    expect(text).toMatch(/^claude-37-sonnet\s+retired\s+denied\s+denied$/m);
    expect(text).toContain('spent 220 model tokens (35 AskSage tokens)');
    expect(text).toContain('left out of the cache: claude-37-sonnet, groq-llama33, not-on-tenant');
    expect(text).toMatch(/^\[7\/7\] /m);
    expect(text).not.toContain('secret-');
  });

  it('redraws one progress line on a TTY', async () => {
    const modelsFile = path.join(folder, 'models.json');
    writeFileSync(modelsFile, JSON.stringify({ models: [{ id: 'gpt-4o', type: 'chat' }, { id: 'llma3', type: 'chat' }] }));
    const out = capture();
    await refreshAvailableModels({ upstream: scriptedUpstream(), keys: keys.slice(0, 1), modelsFile, cacheFile: path.join(folder, 'cache.json'), logger: silentLogger, out, isTTY: true });
    const progress = out.text().split('\n').find((line) => line.includes('\r')) ?? '';
    expect(progress.split('\r').filter(Boolean)).toHaveLength(2);
    expect(progress).toContain('2/2');
  });

  it('keeps the previous cache when no model works with any key', async () => {
    const cacheFile = path.join(folder, 'cache.json');
    writeFileSync(cacheFile, 'previous');
    const out = capture();
    const report = await refreshAvailableModels({ upstream: scriptedUpstream(), keys: keys.slice(2), cacheFile, logger: silentLogger, out, isTTY: false });
    expect(report.cacheWritten).toBe(false);
    expect(report.queries).toBe(0);
    expect(readFileSync(cacheFile, 'utf8')).toBe('previous');
    expect(out.text()).toContain('was not written');
  });
});
