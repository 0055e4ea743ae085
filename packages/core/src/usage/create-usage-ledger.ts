import type { Clock } from '../ports/clock';
import type { UsageCounter } from '../ports/usage-counter';
import type { KeyUsage, ModelUsage, RecentError, UsageSnapshot } from './usage-snapshot';

const minuteMs = 60_000;
const unknownModel = '(unknown)';

/** Options of `createUsageLedger`. */
export interface UsageLedgerOptions {
  /** Timestamps of errors and of the per-minute buckets. */
  clock: Clock;
  /** Failed requests kept for the status page. Default 20. */
  recentErrorLimit?: number;
  /** Minutes of request rate kept. Default 60. */
  rateMinutes?: number;
}

/**
 * The in-memory `UsageCounter` (the default): counts usage per key and model in this process, for `GET /status.json`
 * and the status page, and keeps the last failed requests.
 */
export interface UsageLedger extends UsageCounter {
  /** A copy of the counts now. */
  snapshot(): UsageSnapshot;
}

const emptyKeyUsage = (): KeyUsage => ({ requests: 0, attempts: 0, failures: 0, inputTokens: 0, outputTokens: 0, asksageTokens: 0 });
const emptyModelUsage = (): ModelUsage => ({ requests: 0, failures: 0, inputTokens: 0, outputTokens: 0 });

/**
 * Counts since start, per key name and per resolved model, the last failed requests (codes, never messages) and
 * requests per minute in a ring of minute buckets. Model labels are resolved ids only: a client's unknown model
 * name lands under `(unknown)`, so the maps stay as small as the catalog. Outlives reloads: the composition root
 * keeps one ledger for the process and the status report shows the keys configured now.
 */
export function createUsageLedger(options: UsageLedgerOptions): UsageLedger {
  const { clock } = options;
  const recentErrorLimit = options.recentErrorLimit ?? 20;
  const rateMinutes = options.rateMinutes ?? 60;
  const since = clock.now();
  const keys = new Map<string, KeyUsage>();
  const models = new Map<string, ModelUsage>();
  let recentErrors: RecentError[] = [];
  // bucket i holds the minute `minutes[i]`; a bucket whose minute is stale is reused.
  const minutes = new Array<number>(rateMinutes).fill(-1);
  const counts = new Array<number>(rateMinutes).fill(0);

  const keyUsage = (name: string): KeyUsage => keys.get(name) ?? keys.set(name, emptyKeyUsage()).get(name)!;
  const modelUsage = (id: string): ModelUsage => models.get(id) ?? models.set(id, emptyModelUsage()).get(id)!;

  function countMinute(now: number): void {
    const minute = Math.floor(now / minuteMs);
    const slot = minute % rateMinutes;
    if (minutes[slot] !== minute) {
      minutes[slot] = minute;
      counts[slot] = 0;
    }
    counts[slot] = (counts[slot] ?? 0) + 1;
  }

  function snapshot(): UsageSnapshot {
    const currentMinute = Math.floor(clock.now() / minuteMs);
    const firstMinute = currentMinute - rateMinutes + 1;
    const rate = Array.from({ length: rateMinutes }, (_unused, index) => {
      const minute = firstMinute + index;
      const slot = minute % rateMinutes;
      return minutes[slot] === minute ? (counts[slot] ?? 0) : 0;
    });
    return {
      since,
      keys: Object.fromEntries([...keys].map(([name, usage]) => [name, { ...usage }])),
      models: Object.fromEntries([...models].map(([id, usage]) => [id, { ...usage }])),
      recentErrors: recentErrors.map((entry) => ({ ...entry })),
      requestsPerMinute: { firstMinute: firstMinute * minuteMs, counts: rate },
    };
  }

  return {
    requestFinished(event) {
      const now = clock.now();
      countMinute(now);
      const model = modelUsage(event.model ?? unknownModel);
      model.requests += 1;
      if (event.key !== undefined) keyUsage(event.key).requests += 1;
      if (event.outcome !== 'error') return;
      model.failures += 1;
      const entry: RecentError = { at: now, requestId: event.requestId, dialect: event.dialect, model: event.model ?? unknownModel, code: event.code ?? 'error', ...(event.key !== undefined ? { key: event.key } : {}) };
      recentErrors = [entry, ...recentErrors].slice(0, recentErrorLimit);
    },
    upstreamAttempt(event) {
      const usage = keyUsage(event.key);
      usage.attempts += 1;
      if (event.outcome === 'error') usage.failures += 1;
    },
    tokensUsed(event) {
      const usage = keyUsage(event.key);
      usage.inputTokens += event.inputTokens;
      usage.outputTokens += event.outputTokens;
      usage.asksageTokens += event.asksageTokens ?? 0;
      const model = modelUsage(event.model);
      model.inputTokens += event.inputTokens;
      model.outputTokens += event.outputTokens;
    },
    read: async () => {
      const { since: start, keys: byKey, models: byModel, requestsPerMinute } = snapshot();
      return { since: start, keys: byKey, models: byModel, requestsPerMinute };
    },
    snapshot,
  };
}
