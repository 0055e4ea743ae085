import type { HealthReport } from '../gateway/gateway';
import type { KeyState } from '../key-pool/key-status';
import type { MonthlyKeyUsage } from './create-monthly-usage-reader';
import type { KeyUsage, ModelUsage, RecentError, RequestRate, UsageSnapshot } from './usage-snapshot';

/** One key on the status page. Name only, never the key. */
export interface KeyStatusReport extends KeyUsage {
  /** The key's name. */
  name: string;
  /** Health now. */
  state: KeyState;
  /** Configured weight. */
  weight: number;
  /** Its weight over all weights: the share of traffic it is meant to get. */
  weightShare: number;
  /** Its requests over all keys' requests since start (0 when none yet). */
  trafficShare: number;
  /** When an out key is usable again, ms epoch. */
  availableAt?: number;
  /** When an invalid key's next free recheck is due, ms epoch. */
  recheckAt?: number;
  /** Month-to-date AskSage tokens, when asked for. */
  monthToDate?: Omit<MonthlyKeyUsage, 'key'>;
}

/** What `GET /status.json` answers and the status page shows. */
export interface StatusReport {
  /** ms epoch of this report. */
  generatedAt: number;
  /** ms epoch since when the counts run. */
  since: number;
  /** The pool's verdict, as on `/health`. */
  status: HealthReport['status'];
  /** Configured keys, in configuration order. */
  keys: KeyStatusReport[];
  /** Per resolved model, most requested first. */
  models: Array<ModelUsage & { id: string }>;
  /** Newest first. */
  recentErrors: RecentError[];
  /** Requests per minute over the last hour. */
  requestsPerMinute: RequestRate;
}

/** Inputs of `buildStatusReport`. */
export interface StatusReportInputs {
  /** The gateway's health now. */
  health: HealthReport;
  /** The ledger's counts. */
  usage: UsageSnapshot;
  /** Month-to-date per key, when read. */
  monthly?: readonly MonthlyKeyUsage[];
  /** ms epoch. */
  now: number;
}

const noUsage: KeyUsage = { requests: 0, attempts: 0, failures: 0, inputTokens: 0, outputTokens: 0, asksageTokens: 0 };

/** Joins health, the ledger's counts and month-to-date usage into one report, keys by name only. */
export function buildStatusReport(inputs: StatusReportInputs): StatusReport {
  const { health, usage } = inputs;
  const totalWeight = health.keys.reduce((sum, key) => sum + key.weight, 0);
  const totalRequests = health.keys.reduce((sum, key) => sum + (usage.keys[key.name]?.requests ?? 0), 0);
  const monthly = new Map((inputs.monthly ?? []).map((entry) => [entry.key, entry]));
  const keys = health.keys.map((key): KeyStatusReport => {
    const counts = usage.keys[key.name] ?? noUsage;
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
  const models = Object.entries(usage.models)
    .map(([id, counts]) => ({ id, ...counts }))
    .sort((left, right) => right.requests - left.requests || left.id.localeCompare(right.id));
  return { generatedAt: inputs.now, since: usage.since, status: health.status, keys, models, recentErrors: usage.recentErrors, requestsPerMinute: usage.requestsPerMinute };
}
