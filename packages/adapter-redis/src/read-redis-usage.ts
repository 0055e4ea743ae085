import type { UsageTotals } from '@asksage-proxy/core';
import type { RedisConnection } from './create-redis-connection';
import { mergePendingUsage, type Counts, type PendingUsage } from './pending-usage';
import type { RedisUsageKeys } from './redis-usage-keys';

/** Inputs of `readRedisUsage`. */
export interface ReadRedisUsageOptions {
  connection: RedisConnection;
  names: RedisUsageKeys;
  /** ms epoch: the last minute of the rate. */
  now: number;
  rateMinutes: number;
  /** This replica's counts not yet written, read once Redis answered (no write runs during a read). */
  pending: () => PendingUsage;
}

const minuteMs = 60_000;
const keyFields = ['requests', 'attempts', 'failures', 'inputTokens', 'outputTokens', 'asksageTokens'] as const;
const modelFields = ['requests', 'failures', 'inputTokens', 'outputTokens'] as const;

function toUsage<Field extends string>(fields: readonly Field[], counts: Counts | undefined): Record<Field, number> {
  return Object.fromEntries(fields.map((field) => [field, Number(counts?.[field] ?? 0) || 0])) as Record<Field, number>;
}

function numbers(hash: Record<string, string> | undefined): Counts {
  return Object.fromEntries(Object.entries(hash ?? {}).map(([field, value]) => [field, Number(value)]));
}

/**
 * The deployment's usage in two round trips (the names counted, then their hashes, `since` and the hour's minutes),
 * plus this replica's pending counts. Rejects while Redis is away: the caller shows this replica's own counts.
 */
export async function readRedisUsage(options: ReadRedisUsageOptions): Promise<UsageTotals> {
  const { connection, names } = options;
  if (!connection.isConnected()) throw new Error(`Redis is not connected (${connection.status().state})`);
  const redis = connection.commands;
  const firstMinute = Math.floor(options.now / minuteMs) - options.rateMinutes + 1;
  const minutes = Array.from({ length: options.rateMinutes }, (_unused, index) => firstMinute + index);
  const [keyNames, modelIds] = await Promise.all([redis.smembers(names.keyNames), redis.smembers(names.modelNames)]);
  const [keyHashes, modelHashes, since, minuteCounts] = await Promise.all([
    Promise.all(keyNames.map((name) => redis.hgetall(names.key(name)))),
    Promise.all(modelIds.map((id) => redis.hgetall(names.model(id)))),
    redis.get(names.since),
    redis.mget(minutes.map((minute) => names.minute(minute))),
  ]);
  // Redis' counts, plus this replica's pending ones, merged as a refused batch is merged back.
  const total: PendingUsage = {
    keys: new Map(keyNames.map((name, index) => [name, numbers(keyHashes[index])])),
    models: new Map(modelIds.map((id, index) => [id, numbers(modelHashes[index])])),
    minutes: new Map(minutes.map((minute, index) => [minute, Number(minuteCounts[index] ?? 0) || 0])),
    ...(since === null ? {} : { since: Number(since) }),
  };
  mergePendingUsage(total, options.pending());
  return {
    since: Math.min(total.since ?? options.now, options.now),
    keys: Object.fromEntries([...total.keys].map(([name, counts]) => [name, toUsage(keyFields, counts)])),
    models: Object.fromEntries([...total.models].map(([id, counts]) => [id, toUsage(modelFields, counts)])),
    requestsPerMinute: { firstMinute: firstMinute * minuteMs, counts: minutes.map((minute) => total.minutes.get(minute) ?? 0) },
  };
}
