import type { HealthReport } from '../gateway/gateway';
import { createManualClock } from '../testing/manual-clock';
import { buildStatusReport } from './build-status-report';
import { createUsageLedger } from './create-usage-ledger';
import type { UsageTotals } from './usage-snapshot';

const health: HealthReport = {
  status: 'degraded',
  keys: [
    { name: 'alpha', weight: 3, state: 'cooling_down', availableAt: 5_000, consecutiveFailures: 0, requests: 0, failures: 0 },
    { name: 'beta', weight: 1, state: 'healthy', consecutiveFailures: 0, requests: 0, failures: 0 },
  ],
};

/** This replica: one request on beta. */
function replicaLedger() {
  const ledger = createUsageLedger({ clock: createManualClock(60_000 * 1000) });
  ledger.upstreamAttempt({ requestId: 'req_1', dialect: 'openai-chat', model: 'gpt-4o', key: 'beta', attempt: 1, stream: false, outcome: 'success', durationMs: 1 });
  ledger.requestFinished({ requestId: 'req_1', dialect: 'openai-chat', requestedModel: 'gpt-4o', model: 'gpt-4o', stream: false, outcome: 'success', key: 'beta', attempts: 1, durationMs: 1 });
  return ledger.snapshot();
}

/** All replicas: three requests on alpha, one on beta. */
const fleet: UsageTotals = {
  since: 1_000,
  keys: {
    alpha: { requests: 3, attempts: 3, failures: 0, inputTokens: 30, outputTokens: 12, asksageTokens: 6 },
    beta: { requests: 1, attempts: 1, failures: 0, inputTokens: 0, outputTokens: 0, asksageTokens: 0 },
  },
  models: { 'gpt-4o': { requests: 4, failures: 0, inputTokens: 30, outputTokens: 12 } },
  requestsPerMinute: { firstMinute: 0, counts: [4] },
};
const redis = { name: 'Redis', state: 'connected', url: 'redis://:****@127.0.0.1:6379' };

describe('buildStatusReport', () => {
  it('without a shared store: this replica\'s counts, labelled so, and no replica section', () => {
    const report = buildStatusReport({ health, usage: replicaLedger(), now: 7 });
    expect(report.counts).toEqual({ scope: 'this-replica', label: 'this replica' });
    expect(report.keys.map(({ name, requests, trafficShare }) => ({ name, requests, trafficShare }))).toEqual([
      { name: 'alpha', requests: 0, trafficShare: 0 },
      { name: 'beta', requests: 1, trafficShare: 1 },
    ]);
    expect(report.replica).toBeUndefined();
  });

  it('with the shared totals: all replicas\' counts at the top, this replica\'s in `replica`, health as the pool has it', () => {
    const usage = replicaLedger();
    const report = buildStatusReport({ health, usage, shared: { store: redis, totals: fleet }, now: 7 });
    expect(report.counts).toEqual({ scope: 'all-replicas', label: 'all replicas, via Redis', store: redis });
    expect(report.since).toBe(1_000);
    expect(report.keys.map(({ name, state, requests, trafficShare }) => ({ name, state, requests, trafficShare }))).toEqual([
      { name: 'alpha', state: 'cooling_down', requests: 3, trafficShare: 0.75 },
      { name: 'beta', state: 'healthy', requests: 1, trafficShare: 0.25 },
    ]);
    expect(report.models).toEqual([{ id: 'gpt-4o', requests: 4, failures: 0, inputTokens: 30, outputTokens: 12 }]);
    expect(report.requestsPerMinute).toEqual(fleet.requestsPerMinute);
    expect(report.replica?.since).toBe(usage.since);
    expect(report.replica?.keys.map(({ name, requests }) => ({ name, requests }))).toEqual([{ name: 'alpha', requests: 0 }, { name: 'beta', requests: 1 }]);
    expect(report.replica?.models).toEqual([{ id: 'gpt-4o', requests: 1, failures: 0, inputTokens: 0, outputTokens: 0 }]);
  });

  it('when the shared store could not be read: this replica\'s counts, labelled with why, and the store\'s state', () => {
    const store = { ...redis, state: 'degraded', error: 'Redis is not connected (degraded)' };
    const report = buildStatusReport({ health, usage: replicaLedger(), shared: { store }, now: 7 });
    expect(report.counts).toEqual({ scope: 'this-replica', label: 'this replica only (Redis unreachable)', store });
    expect(report.keys.map((key) => key.requests)).toEqual([0, 1]);
    expect(report.replica?.keys.map((key) => key.requests)).toEqual([0, 1]);
    const stalled = buildStatusReport({ health, usage: replicaLedger(), shared: { store: { ...redis, error: 'timed out' } }, now: 7 });
    expect(stalled.counts.label).toBe('this replica only (Redis did not answer)');
  });
});
