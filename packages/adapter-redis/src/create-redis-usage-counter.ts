import type { KeyUsage, ModelUsage, ProxyObserver } from '@asksage-proxy/core';
import type { RedisConnection } from './create-redis-connection';

/** What every replica together did with one key, since the counters were created in Redis: core's per-key usage. */
export type SharedKeyUsage = KeyUsage;

/** What every replica together did with one resolved model: core's per-model usage. */
export type SharedModelUsage = ModelUsage;

/** The deployment's usage: every replica's counts added up in Redis (plus this replica's not yet written). */
export interface SharedUsage {
  /** By key name. */
  keys: Record<string, SharedKeyUsage>;
  /** By resolved model id; requests whose model did not resolve are under `(unknown)`. */
  models: Record<string, SharedModelUsage>;
}

/** Settings of `createRedisUsageCounter`. */
export interface RedisUsageCounterSettings {
  /** The shared connection. */
  connection: RedisConnection;
  /** How often this replica's counts are added to Redis; default 250 ms (one MULTI per interval, not per request). */
  flushIntervalMs?: number;
}

/** An observer that adds this replica's usage to the deployment's counters in Redis, and reads them back. */
export interface RedisUsageCounter extends Pick<ProxyObserver, 'requestFinished' | 'upstreamAttempt' | 'tokensUsed'> {
  /** The deployment's counts: Redis' totals plus this replica's pending ones (only the pending ones while Redis is away). */
  read(): Promise<SharedUsage>;
  /** Writes the pending counts now; resolves when Redis took them (or refused: they stay pending). */
  flush(): Promise<void>;
  /** Stops the timer after a last flush. */
  close(): Promise<void>;
}

type Counts = Record<string, number>;
const unknownModel = '(unknown)';
const keyFields = ['requests', 'attempts', 'failures', 'inputTokens', 'outputTokens', 'asksageTokens'] as const;
const modelFields = ['requests', 'failures', 'inputTokens', 'outputTokens'] as const;

function addInto(target: Map<string, Counts>, name: string, field: string, amount: number): void {
  if (amount === 0) return;
  let counts = target.get(name);
  if (counts === undefined) target.set(name, (counts = {}));
  counts[field] = (counts[field] ?? 0) + amount;
}

function toUsage<Field extends string>(fields: readonly Field[], counts: Counts | undefined): Record<Field, number> {
  return Object.fromEntries(fields.map((field) => [field, Number(counts?.[field] ?? 0) || 0])) as Record<Field, number>;
}

/**
 * Usage counters shared by the replicas: each replica counts in memory on the request path (observers must be quick)
 * and adds its counts to Redis hashes with HINCRBY inside one MULTI per interval, so every increment is atomic and
 * no replica's count overwrites another's. Counts that Redis did not take (it is away) stay pending and are added
 * when it returns: nothing is lost, and a request never waits for Redis.
 */
export function createRedisUsageCounter(settings: RedisUsageCounterSettings): RedisUsageCounter {
  const { connection } = settings;
  const keyPrefix = `${connection.namespace}:usage:key:`;
  const modelPrefix = `${connection.namespace}:usage:model:`;
  const keyNames = `${connection.namespace}:usage:keys`;
  const modelNames = `${connection.namespace}:usage:models`;
  let pendingKeys = new Map<string, Counts>();
  let pendingModels = new Map<string, Counts>();
  let flushing: Promise<void> | undefined;

  async function write(): Promise<void> {
    if (pendingKeys.size === 0 && pendingModels.size === 0) return;
    if (!connection.isConnected()) return;
    const keys = pendingKeys;
    const models = pendingModels;
    pendingKeys = new Map();
    pendingModels = new Map();
    const transaction = connection.commands.multi();
    for (const [name, counts] of keys) {
      transaction.sadd(keyNames, name);
      for (const [field, amount] of Object.entries(counts)) transaction.hincrby(`${keyPrefix}${name}`, field, amount);
    }
    for (const [id, counts] of models) {
      transaction.sadd(modelNames, id);
      for (const [field, amount] of Object.entries(counts)) transaction.hincrby(`${modelPrefix}${id}`, field, amount);
    }
    try {
      const results = await transaction.exec();
      if (results === null || results.some(([error]) => error !== null)) throw new Error('MULTI aborted');
    } catch {
      // Not taken: add them back so the next flush after Redis returns carries them.
      for (const [name, counts] of keys) for (const [field, amount] of Object.entries(counts)) addInto(pendingKeys, name, field, amount);
      for (const [id, counts] of models) for (const [field, amount] of Object.entries(counts)) addInto(pendingModels, id, field, amount);
    }
  }

  function flush(): Promise<void> {
    const run = (flushing ?? Promise.resolve()).then(write);
    flushing = run;
    return run;
  }

  const timer = setInterval(() => void flush(), settings.flushIntervalMs ?? 250);
  timer.unref();

  return {
    requestFinished(event) {
      const model = event.model ?? unknownModel;
      addInto(pendingModels, model, 'requests', 1);
      if (event.outcome === 'error') addInto(pendingModels, model, 'failures', 1);
      if (event.key !== undefined) addInto(pendingKeys, event.key, 'requests', 1);
    },
    upstreamAttempt(event) {
      addInto(pendingKeys, event.key, 'attempts', 1);
      if (event.outcome === 'error') addInto(pendingKeys, event.key, 'failures', 1);
    },
    tokensUsed(event) {
      addInto(pendingKeys, event.key, 'inputTokens', event.inputTokens);
      addInto(pendingKeys, event.key, 'outputTokens', event.outputTokens);
      addInto(pendingKeys, event.key, 'asksageTokens', event.asksageTokens ?? 0);
      addInto(pendingModels, event.model, 'inputTokens', event.inputTokens);
      addInto(pendingModels, event.model, 'outputTokens', event.outputTokens);
    },
    async read(): Promise<SharedUsage> {
      const totalsOfKeys = new Map<string, Counts>();
      const totalsOfModels = new Map<string, Counts>();
      if (connection.isConnected()) {
        try {
          const [names, ids] = await Promise.all([connection.commands.smembers(keyNames), connection.commands.smembers(modelNames)]);
          const [keyHashes, modelHashes] = await Promise.all([
            Promise.all(names.map((name) => connection.commands.hgetall(`${keyPrefix}${name}`))),
            Promise.all(ids.map((id) => connection.commands.hgetall(`${modelPrefix}${id}`))),
          ]);
          names.forEach((name, index) => totalsOfKeys.set(name, Object.fromEntries(Object.entries(keyHashes[index] ?? {}).map(([field, value]) => [field, Number(value)]))));
          ids.forEach((id, index) => totalsOfModels.set(id, Object.fromEntries(Object.entries(modelHashes[index] ?? {}).map(([field, value]) => [field, Number(value)]))));
        } catch {
          // Redis went away while reading: this replica's pending counts are all there is to show.
        }
      }
      for (const [name, counts] of pendingKeys) for (const [field, amount] of Object.entries(counts)) addInto(totalsOfKeys, name, field, amount);
      for (const [id, counts] of pendingModels) for (const [field, amount] of Object.entries(counts)) addInto(totalsOfModels, id, field, amount);
      return {
        keys: Object.fromEntries([...totalsOfKeys].map(([name, counts]) => [name, toUsage(keyFields, counts)])),
        models: Object.fromEntries([...totalsOfModels].map(([id, counts]) => [id, toUsage(modelFields, counts)])),
      };
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
