import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ProxyError } from '../errors/proxy-error';
import type { UpstreamClient } from '../ports/upstream-client';
import { createInstantClock } from '../testing/instant-clock';
import type { AskSageQuery, AskSageQueryResponse } from '../types/asksage';
import type { ModelValidationResult } from './model-validation';
import { validateModelAccess } from './validate-model-access';

const fixtures = path.join(__dirname, '../../../../fixtures/asksage');
const recordedBody = (name: string): Record<string, unknown> =>
  (JSON.parse(readFileSync(path.join(fixtures, `${name}.json`), 'utf8')) as { response: { body: Record<string, unknown> } }).response.body;
const success = recordedBody('query-success-system-prompt-usage'); // 44 model tokens, 7 AskSage tokens
const retired = recordedBody('query-retired-model-teach');
const tokenInvalid = recordedBody('token-invalid-2');

const keys = [
  { name: 'lab', key: 'secret-lab', weight: 1 },
  { name: 'student', key: 'secret-student', weight: 1 },
  { name: 'expired', key: 'secret-expired', weight: 1 },
];
const listed: Record<string, string[]> = { 'secret-lab': ['gpt-4o', 'claude-37-sonnet', 'groq-llama33', 'llma3', 'gpt-o3-mini'], 'secret-student': ['gpt-4o'] };
const models = ['gpt-4o', 'claude-37-sonnet', 'groq-llama33', 'llma3', 'gpt-o3-mini', 'not-on-tenant'].map((id) => ({ id, type: 'chat' as const }));

function scriptedUpstream(): UpstreamClient & { queries: AskSageQuery[]; maxInFlight: number } {
  let inFlight = 0;
  const upstream = {
    queries: [] as AskSageQuery[],
    maxInFlight: 0,
    async streamQuery(): Promise<AsyncIterable<string>> {
      throw new Error('model validation never streams');
    },
    async embed(): Promise<unknown> {
      throw new Error('model validation never embeds');
    },
    async countMonthlyTokens(): Promise<unknown> {
      throw new Error('model validation never counts monthly tokens');
    },
    async getModels(options: { apiKey?: string }): Promise<unknown> {
      const ids = listed[options.apiKey ?? ''];
      return ids === undefined ? tokenInvalid : { data: ids.map((id) => ({ id })), object: 'list', status: 200 };
    },
    async query(query: AskSageQuery): Promise<AskSageQueryResponse> {
      upstream.queries.push(query);
      inFlight += 1;
      upstream.maxInFlight = Math.max(upstream.maxInFlight, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
      if (query.model === 'claude-37-sonnet') return retired;
      if (query.model === 'groq-llama33') throw new ProxyError('model_overloaded', 'overloaded', { isRetryable: true });
      return success;
    },
  };
  return upstream;
}

describe('validateModelAccess', () => {
  it('proves each listed pair with one cheap query and builds the cache from the working pairs only', async () => {
    const upstream = scriptedUpstream();
    const report = await validateModelAccess({ upstream, keys, models, clock: createInstantClock(Date.UTC(2026, 4, 1)) });
    const statusOf = (model: string, keyName: string): string | undefined => report.results.find((result) => result.model === model && result.keyName === keyName)?.status;
    expect(report.results).toHaveLength(models.length * keys.length);
    expect([statusOf('gpt-4o', 'lab'), statusOf('gpt-4o', 'student'), statusOf('llma3', 'student')]).toEqual(['ok', 'ok', 'denied']);
    expect([statusOf('claude-37-sonnet', 'lab'), statusOf('groq-llama33', 'lab')]).toEqual(['retired', 'error']);
    expect(models.map(({ id }) => statusOf(id, 'expired'))).toEqual(models.map(() => 'denied'));
    expect(report.queries).toBe(6);
    expect(upstream.queries.every((query) => query.system_prompt !== undefined && query.usage === true && query.dataset === 'none')).toBe(true);
    expect(report.tokens).toEqual({ modelTokens: 4 * 44, asksageTokens: 4 * 7 });
    expect(report.cache.validated_at).toBe('2026-05-01T00:00:00.000Z');
    expect(report.cache.models.map((model) => [model.id, model.keys])).toEqual([['gpt-4o', ['lab', 'student']], ['llma3', ['lab']], ['gpt-o3-mini', ['lab']]]);
    expect(report.cache.unavailable).toEqual(['claude-37-sonnet', 'groq-llama33', 'not-on-tenant']);
  });

  it('announces the queries to come before sending any, then reports each verdict', async () => {
    const upstream = scriptedUpstream();
    const events: string[] = [];
    const probed: ModelValidationResult[] = [];
    await validateModelAccess({
      upstream,
      keys,
      models,
      clock: createInstantClock(0),
      onPlanned: (plan) => events.push(`planned ${plan.probes.length} after ${upstream.queries.length} queries`),
      onProbed: (result) => probed.push(result),
    });
    expect(events).toEqual(['planned 6 after 0 queries']);
    expect(probed.map((result) => `${result.model}/${result.keyName}`).sort()).toEqual(
      ['gpt-4o/lab', 'gpt-4o/student', 'claude-37-sonnet/lab', 'groq-llama33/lab', 'llma3/lab', 'gpt-o3-mini/lab'].sort(),
    );
  });

  it.each([
    [undefined, 5],
    [50, 5],
    [1, 1],
  ])('keeps at most %s -> %i queries in flight', async (concurrency, maximum) => {
    const upstream = scriptedUpstream();
    await validateModelAccess({ upstream, keys, models, clock: createInstantClock(0), concurrency });
    expect(upstream.maxInFlight).toBe(maximum);
  });

  it('refuses to run without a key', async () => {
    await expect(validateModelAccess({ upstream: scriptedUpstream(), keys: [], models, clock: createInstantClock(0) })).rejects.toThrow('No AskSage key is configured');
  });
});
