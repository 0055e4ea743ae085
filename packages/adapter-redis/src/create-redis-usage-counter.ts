import type { Clock, KeyUsage, ModelUsage, UsageCounter, UsageTotals } from '@asksage-proxy/core';
import type { RedisConnection } from './create-redis-connection';
import { addInto, emptyPendingUsage, mergePendingUsage, type PendingUsage } from './pending-usage';
import { readRedisUsage } from './read-redis-usage';
import { usageKeys } from './redis-usage-keys';

/** What every replica together did with one key, since the counters were created in Redis: core's per-key usage. */
export type SharedKeyUsage = KeyUsage;

/** What every replica together did with one resolved model: core's per-model usage. */
export type SharedModelUsage = ModelUsage;

/** The deployment's usage: every replica's counts added up in Redis (plus this replica's not yet written). */
export type SharedUsage = UsageTotals;

/** Settings of `createRedisUsageCounter`. */
export interface RedisUsageCounterSettings {
  /** The shared connection. */
  connection: RedisConnection;
  /** Stamps the per-minute counts and `since`. */
  clock: Clock;
  /** How often this replica's counts are added to Redis; default 250 ms (one MULTI per interval, not per request). */
  flushIntervalMs?: number;
  /** `read` rejects when Redis has not answered within this long; default 1 000 ms (the status page never hangs). */
  readTimeoutMs?: number;
  /** Minutes of request rate kept; default 60. */
  rateMinutes?: number;
}

/** The shared `UsageCounter`: adds this replica's usage to the deployment's counters in Redis, and reads them back. */
export interface RedisUsageCounter extends UsageCounter {
  /**
   * The deployment's counts: Redis' totals plus this replica's pending ones. Rejects at once while Redis is away, and
   * within `readTimeoutMs` when it does not answer: the caller shows this replica's own counts instead.
   */
  read(): Promise<SharedUsage>;
  /** Writes the pending counts now; resolves when Redis took them (or refused: they stay pending). */
  flush(): Promise<void>;
  /** Stops the timer after a last flush. */
  close(): Promise<void>;
}

const unknownModel = '(unknown)';
const minuteMs = 60_000;
// Keeps `since` the earliest time any replica's written counts cover (a plain SET NX would keep whichever came first).
const keepEarliest = "local current = redis.call('GET', KEYS[1]) if (not current) or tonumber(current) > tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1]) end return 1";

/** Rejects with a clear message when `work` has not settled within `ms`. */
function withDeadline<Value>(work: Promise<Value>, ms: number): Promise<Value> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/**
 * Usage counters shared by the replicas: each replica counts in memory on the request path (observers must be quick)
 * and adds its counts to Redis (HINCRBY per key and model, INCRBY per minute with a TTL of the hour) inside one MULTI
 * per interval, so every increment is atomic and no replica's count overwrites another's. Counts that Redis did not
 * take (it is away) stay pending and are added when it returns: nothing is lost, and a request never waits for Redis.
 */
export function createRedisUsageCounter(settings: RedisUsageCounterSettings): RedisUsageCounter {
  const { connection, clock } = settings;
  const names = usageKeys(connection.namespace);
  const rateMinutes = settings.rateMinutes ?? 60;
  let pending = emptyPendingUsage();
  let turns: Promise<void> | undefined;

  function note(): PendingUsage {
    pending.since ??= clock.now();
    return pending;
  }

  async function write(): Promise<void> {
    if (pending.keys.size === 0 && pending.models.size === 0 && pending.minutes.size === 0) return;
    if (!connection.isConnected()) return;
    const batch = pending;
    pending = emptyPendingUsage();
    const transaction = connection.commands.multi();
    for (const [name, counts] of batch.keys) {
      transaction.sadd(names.keyNames, name);
      for (const [field, amount] of Object.entries(counts)) transaction.hincrby(names.key(name), field, amount);
    }
    for (const [id, counts] of batch.models) {
      transaction.sadd(names.modelNames, id);
      for (const [field, amount] of Object.entries(counts)) transaction.hincrby(names.model(id), field, amount);
    }
    for (const [minute, count] of batch.minutes) {
      transaction.incrby(names.minute(minute), count);
      transaction.expire(names.minute(minute), (rateMinutes + 1) * 60);
    }
    if (batch.since !== undefined) transaction.eval(keepEarliest, 1, names.since, batch.since);
    try {
      const results = await transaction.exec();
      if (results === null || results.some(([error]) => error !== null)) throw new Error('MULTI aborted');
    } catch {
      // Not taken: add them back so the next flush after Redis returns carries them.
      mergePendingUsage(pending, batch);
    }
  }

  // Writes and reads take turns, so a read never counts a batch twice (in Redis and still pending) or not at all.
  function inTurn<Value>(work: () => Promise<Value>): Promise<Value> {
    const run = (turns ?? Promise.resolve()).then(work);
    turns = run.then(() => undefined, () => undefined);
    return run;
  }
  const flush = (): Promise<void> => inTurn(write);

  const timer = setInterval(() => void flush(), settings.flushIntervalMs ?? 250);
  timer.unref();

  return {
    requestFinished(event) {
      const counts = note();
      const model = event.model ?? unknownModel;
      const minute = Math.floor(clock.now() / minuteMs);
      counts.minutes.set(minute, (counts.minutes.get(minute) ?? 0) + 1);
      addInto(counts.models, model, 'requests', 1);
      if (event.outcome === 'error') addInto(counts.models, model, 'failures', 1);
      if (event.key !== undefined) addInto(counts.keys, event.key, 'requests', 1);
    },
    upstreamAttempt(event) {
      const counts = note();
      addInto(counts.keys, event.key, 'attempts', 1);
      if (event.outcome === 'error') addInto(counts.keys, event.key, 'failures', 1);
    },
    tokensUsed(event) {
      const counts = note();
      addInto(counts.keys, event.key, 'inputTokens', event.inputTokens);
      addInto(counts.keys, event.key, 'outputTokens', event.outputTokens);
      addInto(counts.keys, event.key, 'asksageTokens', event.asksageTokens ?? 0);
      addInto(counts.models, event.model, 'inputTokens', event.inputTokens);
      addInto(counts.models, event.model, 'outputTokens', event.outputTokens);
    },
    read: () => withDeadline(inTurn(() => readRedisUsage({ connection, names, now: clock.now(), rateMinutes, pending: () => pending })), settings.readTimeoutMs ?? 1_000),
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
