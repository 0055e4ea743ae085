import type { KeyStatus } from '@asksage-proxy/core';
import { parsePrometheusText } from '../../../test-support/parse-prometheus-text';
import { createPrometheusMetrics } from './create-prometheus-metrics';
import { metricNames } from './metric-names';

function setup(keys: KeyStatus[] = [{ name: 'alpha', weight: 3, state: 'healthy', consecutiveFailures: 0, requests: 0, failures: 0 }]) {
  const metrics = createPrometheusMetrics({ knownModels: () => new Set(['gpt-4o']), keyStatuses: () => keys, collectDefaultMetrics: false });
  const scrape = async () => parsePrometheusText((await metrics.expose()).body);
  return { metrics, scrape, observer: metrics.observer };
}

describe('createPrometheusMetrics', () => {
  it('counts requests by dialect, model, key name, outcome and code, and collapses unknown models into other', async () => {
    const { observer, scrape } = setup();
    const base = { dialect: 'openai-chat', stream: false, attempts: 1, durationMs: 1500 } as const;
    observer.requestFinished({ ...base, requestId: 'a', requestedModel: 'gpt-4o', model: 'gpt-4o', outcome: 'success', key: 'alpha' });
    observer.requestFinished({ ...base, requestId: 'b', requestedModel: 'made-up-1', outcome: 'error', code: 'model_not_found' });
    observer.requestFinished({ ...base, requestId: 'c', requestedModel: 'made-up-2', outcome: 'error', code: 'model_not_found' });
    const exposition = await scrape();
    expect(exposition.find(metricNames.requests, { model: 'gpt-4o', key: 'alpha', outcome: 'success', code: 'none', dialect: 'openai-chat' })[0]?.value).toBe(1);
    expect(exposition.find(metricNames.requests, { model: 'other', key: 'none', code: 'model_not_found' })[0]?.value).toBe(2);
    expect(exposition.samples.some((sample) => Object.values(sample.labels).some((value) => value.startsWith('made-up')))).toBe(false);
    expect(exposition.find(`${metricNames.requestDuration}_count`, { model: 'gpt-4o' })[0]?.value).toBe(1);
    expect(exposition.find(`${metricNames.requestDuration}_bucket`, { model: 'gpt-4o', le: '1' })[0]?.value).toBe(0);
    expect(exposition.find(`${metricNames.requestDuration}_bucket`, { model: 'gpt-4o', le: '2' })[0]?.value).toBe(1);
  });

  it('reports attempts, failures with their verdict, tokens, cooldowns, and streams in flight', async () => {
    const { observer, scrape } = setup();
    const attempt = { requestId: 'a', dialect: 'openai-chat', model: 'gpt-4o', stream: true, durationMs: 20 } as const;
    observer.upstreamAttempt({ ...attempt, key: 'alpha', attempt: 1, outcome: 'error', code: 'upstream_rate_limited', keyVerdict: 'rate_limited' });
    observer.keyStateChanged({ key: 'alpha', change: 'cooling_down', previousState: 'healthy', state: 'cooling_down', at: 0, code: 'upstream_rate_limited', cooldownMs: 1000 });
    observer.upstreamAttempt({ ...attempt, key: 'beta', attempt: 2, outcome: 'success' });
    observer.firstEvent({ requestId: 'a', dialect: 'openai-chat', model: 'gpt-4o', key: 'beta', latencyMs: 300 });
    let exposition = await scrape();
    expect(exposition.sum(metricNames.streamsInFlight)).toBe(1);
    expect(exposition.find(`${metricNames.timeToFirstToken}_count`, { model: 'gpt-4o' })[0]?.value).toBe(1);
    observer.tokensUsed({ requestId: 'a', dialect: 'openai-chat', model: 'gpt-4o', key: 'beta', inputTokens: 12, outputTokens: 5, asksageTokens: 3, source: 'upstream' });
    observer.requestFinished({ requestId: 'a', dialect: 'openai-chat', requestedModel: 'gpt-4o', model: 'gpt-4o', stream: true, outcome: 'success', key: 'beta', attempts: 2, durationMs: 900 });
    exposition = await scrape();
    expect(exposition.sum(metricNames.streamsInFlight)).toBe(0);
    expect(exposition.sum(metricNames.upstreamAttempts, { key: 'alpha', outcome: 'error' })).toBe(1);
    expect(exposition.sum(metricNames.upstreamFailures, { key: 'alpha', code: 'upstream_rate_limited', verdict: 'rate_limited' })).toBe(1);
    expect(exposition.sum(metricNames.keyCooldowns, { key: 'alpha', reason: 'cooling_down' })).toBe(1);
    expect(exposition.sum(metricNames.inputTokens, { key: 'beta', model: 'gpt-4o' })).toBe(12);
    expect(exposition.sum(metricNames.outputTokens, { key: 'beta' })).toBe(5);
    expect(exposition.sum(metricNames.asksageTokens, { key: 'beta' })).toBe(3);
  });

  it('counts keys a free recheck restored, by key, apart from the cooldowns', async () => {
    const { observer, scrape } = setup();
    observer.keyStateChanged({ key: 'alpha', change: 'invalid', previousState: 'healthy', state: 'invalid', at: 0, code: 'upstream_authentication', until: 60_000, recheckAt: 30_000 });
    observer.keyStateChanged({ key: 'alpha', change: 'restored', previousState: 'invalid', state: 'healthy', at: 30_000 });
    const exposition = await scrape();
    expect(exposition.sum(metricNames.keyRestorations, { key: 'alpha' })).toBe(1);
    expect(exposition.sum(metricNames.keyCooldowns, { key: 'alpha', reason: 'invalid' })).toBe(1);
    expect(exposition.sum(metricNames.keyCooldowns, { key: 'alpha' })).toBe(1);
    expect(exposition.types[metricNames.keyRestorations]).toBe('counter');
  });

  it('reads key state and weight at scrape time: one series per state, 1 for the current one', async () => {
    const keys: KeyStatus[] = [{ name: 'alpha', weight: 3, state: 'healthy', consecutiveFailures: 0, requests: 0, failures: 0 }];
    const { scrape } = setup(keys);
    expect((await scrape()).find(metricNames.keyState, { key: 'alpha', state: 'healthy' })[0]?.value).toBe(1);
    keys[0] = { ...keys[0]!, state: 'invalid' };
    const exposition = await scrape();
    expect(exposition.find(metricNames.keyState, { key: 'alpha', state: 'healthy' })[0]?.value).toBe(0);
    expect(exposition.find(metricNames.keyState, { key: 'alpha', state: 'invalid' })[0]?.value).toBe(1);
    expect(exposition.find(metricNames.keyWeight, { key: 'alpha' })[0]?.value).toBe(3);
    expect(exposition.types[metricNames.keyState]).toBe('gauge');
  });

  it('adds Node process metrics unless told not to, in its own registry', async () => {
    const withDefaults = createPrometheusMetrics({ knownModels: () => new Set(), keyStatuses: () => [] });
    const names = parsePrometheusText((await withDefaults.expose()).body).samples.map((sample) => sample.name);
    expect(names).toEqual(expect.arrayContaining(['process_cpu_user_seconds_total', 'nodejs_heap_size_used_bytes']));
    const without = parsePrometheusText((await setup().metrics.expose()).body).samples.map((sample) => sample.name);
    expect(without).not.toContain('process_cpu_user_seconds_total');
  });
});
