import type { HealthReport } from '../gateway/gateway';
import type { KeyState } from '../key-pool/key-status';
import type { MonthlyKeyUsage } from './create-monthly-usage-reader';
import type { KeyUsage, ModelUsage, RecentError, RequestRate } from './usage-snapshot';

/** One key on the status page. Name only, never the key. */
export interface KeyStatusReport extends KeyUsage {
  /** The key's name. */
  name: string;
  /** Health now (shared by the replicas with `redis_url`). */
  state: KeyState;
  /** Configured weight. */
  weight: number;
  /** Its weight over all weights: the share of traffic it is meant to get. */
  weightShare: number;
  /** Its requests over all keys' requests since `since` (0 when none yet). */
  trafficShare: number;
  /** When an out key is usable again, ms epoch. */
  availableAt?: number;
  /** When an invalid key's next free recheck is due, ms epoch. */
  recheckAt?: number;
  /** Month-to-date AskSage tokens, when asked for. */
  monthToDate?: Omit<MonthlyKeyUsage, 'key'>;
}

/** The shared usage store, when one is configured (`redis_url`): which it is and whether it answered. */
export interface SharedUsageStore {
  /** For people: `Redis`. */
  name: string;
  /** Its connection state, as `/health` shows it (`connected`, `degraded`, …). */
  state: string;
  /** Where it is, password masked. */
  url?: string;
  /** Why its totals are not shown, when they are not. */
  error?: string;
}

/** Whose requests the report's top-level counts are. */
export interface UsageScope {
  /** `all-replicas`: every replica's, added up in the shared store; `this-replica`: this process's alone. */
  scope: 'all-replicas' | 'this-replica';
  /** For people: `all replicas, via Redis`, `this replica`, or `this replica only (Redis unreachable)`. */
  label: string;
  /** The shared store, when one is configured. */
  store?: SharedUsageStore;
}

/** This replica's own counts, shown beside the totals of all replicas when a shared store is configured. */
export interface ReplicaUsageReport {
  /** ms epoch since when this process counts. */
  since: number;
  /** Configured keys, in configuration order. */
  keys: Array<KeyUsage & { name: string }>;
  /** Per resolved model, most requested first. */
  models: Array<ModelUsage & { id: string }>;
  /** This process's requests per minute over the last hour. */
  requestsPerMinute: RequestRate;
}

/** What `GET /status.json` answers and the status page shows. */
export interface StatusReport {
  /** ms epoch of this report. */
  generatedAt: number;
  /** ms epoch since when the counts run. */
  since: number;
  /** The pool's verdict, as on `/health`. */
  status: HealthReport['status'];
  /** Whose requests `since`, `keys`, `models` and `requestsPerMinute` count. */
  counts: UsageScope;
  /** Configured keys, in configuration order. */
  keys: KeyStatusReport[];
  /** Per resolved model, most requested first. */
  models: Array<ModelUsage & { id: string }>;
  /** This replica's failed requests, newest first (their request ids are in this replica's log). */
  recentErrors: RecentError[];
  /** Requests per minute over the last hour. */
  requestsPerMinute: RequestRate;
  /** This replica's own counts; present when a shared store is configured. */
  replica?: ReplicaUsageReport;
}
