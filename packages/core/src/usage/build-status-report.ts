import type { HealthReport } from '../gateway/gateway';
import type { MonthlyKeyUsage } from './create-monthly-usage-reader';
import type { KeyStatusReport, ReplicaUsageReport, SharedUsageStore, StatusReport, UsageScope } from './status-report';
import type { KeyUsage, ModelUsage, UsageSnapshot, UsageTotals } from './usage-snapshot';

/** Inputs of `buildStatusReport`. */
export interface StatusReportInputs {
  /** The gateway's health now. */
  health: HealthReport;
  /** This process's ledger. */
  usage: UsageSnapshot;
  /**
   * With a shared usage counter (`redis_url`): the store, and the totals of all replicas when it could be read
   * (absent: the report shows this process's counts, labelled as such).
   */
  shared?: { store: SharedUsageStore; totals?: UsageTotals };
  /** Month-to-date per key, when read. */
  monthly?: readonly MonthlyKeyUsage[];
  /** ms epoch. */
  now: number;
}

const noUsage: KeyUsage = { requests: 0, attempts: 0, failures: 0, inputTokens: 0, outputTokens: 0, asksageTokens: 0 };

function modelsOf(totals: UsageTotals): Array<ModelUsage & { id: string }> {
  return Object.entries(totals.models)
    .map(([id, counts]) => ({ id, ...counts }))
    .sort((left, right) => right.requests - left.requests || left.id.localeCompare(right.id));
}

function scopeOf(shared: StatusReportInputs['shared']): UsageScope {
  if (shared === undefined) return { scope: 'this-replica', label: 'this replica' };
  const { store } = shared;
  if (shared.totals !== undefined) return { scope: 'all-replicas', label: `all replicas, via ${store.name}`, store };
  const why = store.state === 'connected' ? `${store.name} did not answer` : `${store.name} unreachable`;
  return { scope: 'this-replica', label: `this replica only (${why})`, store };
}

function replicaOf(health: HealthReport, usage: UsageSnapshot): ReplicaUsageReport {
  return {
    since: usage.since,
    keys: health.keys.map((key) => ({ name: key.name, ...(usage.keys[key.name] ?? noUsage) })),
    models: modelsOf(usage),
    requestsPerMinute: usage.requestsPerMinute,
  };
}

/**
 * Joins health, usage counts and month-to-date usage into one report, keys by name only. With a shared counter the
 * top-level counts are all replicas' (or this process's, labelled, when the store could not be read) and `replica`
 * holds this process's own; key health is the pool's, which a shared key-health store already agrees on.
 */
export function buildStatusReport(inputs: StatusReportInputs): StatusReport {
  const { health, usage, shared } = inputs;
  const totals: UsageTotals = shared?.totals ?? usage;
  const totalWeight = health.keys.reduce((sum, key) => sum + key.weight, 0);
  const totalRequests = health.keys.reduce((sum, key) => sum + (totals.keys[key.name]?.requests ?? 0), 0);
  const monthly = new Map((inputs.monthly ?? []).map((entry) => [entry.key, entry]));
  const keys = health.keys.map((key): KeyStatusReport => {
    const counts = totals.keys[key.name] ?? noUsage;
    const month = monthly.get(key.name);
    return {
      name: key.name,
      state: key.state,
      weight: key.weight,
      weightShare: totalWeight > 0 ? key.weight / totalWeight : 0,
      trafficShare: totalRequests > 0 ? counts.requests / totalRequests : 0,
      ...counts,
      ...(key.availableAt !== undefined ? { availableAt: key.availableAt } : {}),
      ...(key.recheckAt !== undefined ? { recheckAt: key.recheckAt } : {}),
      ...(month !== undefined ? { monthToDate: { ...(month.tokens !== undefined ? { tokens: month.tokens } : {}), ...(month.error !== undefined ? { error: month.error } : {}), checkedAt: month.checkedAt } } : {}),
    };
  });
  return {
    generatedAt: inputs.now,
    since: totals.since,
    status: health.status,
    counts: scopeOf(shared),
    keys,
    models: modelsOf(totals),
    recentErrors: usage.recentErrors,
    requestsPerMinute: totals.requestsPerMinute,
    ...(shared !== undefined ? { replica: replicaOf(health, usage) } : {}),
  };
}
