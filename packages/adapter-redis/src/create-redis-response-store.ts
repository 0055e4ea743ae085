import type { Clock, Logger, ResponseStore, StoredResponse } from '@asksage-proxy/core';
import type { RedisConnection } from './create-redis-connection';

/** Settings of `createRedisResponseStore`. */
export interface RedisResponseStoreSettings {
  /** The shared connection (`createRedisConnection`). */
  connection: RedisConnection;
  /** Decides expiry (with the TTL Redis enforces on its own as the backstop). */
  clock: Clock;
  /** Most responses kept across all replicas; the oldest stored is dropped first. */
  maxEntries: number;
  /** How long a response is kept after it was stored, ms: the entry's TTL in Redis. */
  maxAgeMs: number;
  /**
   * This replica's own store, used while Redis is away (or does not answer): a conversation continues on the
   * replica that stored it, and no request fails because Redis is down.
   */
  fallback: ResponseStore;
  /** Where a fallback is reported (debug: the connection itself warns once per outage). */
  logger?: Logger;
}

// KEYS[1] = the entry, KEYS[2] = the order (a sorted set scored by a counter), KEYS[3] = the counter.
// ARGV[1] = id, ARGV[2] = the stored JSON, ARGV[3] = TTL ms, ARGV[4] = most entries, ARGV[5] = the entries' prefix.
// Evicted entries are named from the prefix: a single Redis (or a primary with replicas), not a Redis Cluster.
const putScript = `
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[3]), ARGV[1])
local excess = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[4])
if excess > 0 then
  local popped = redis.call('ZPOPMIN', KEYS[2], excess)
  for index = 1, #popped, 2 do redis.call('DEL', ARGV[5] .. popped[index]) end
end
return 1
`;

// KEYS[1] = the entry, KEYS[2] = the order; ARGV[1] = id. Returns what was stored (nil when nothing was).
const deleteScript = `
local stored = redis.call('GET', KEYS[1])
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return stored
`;

interface Stored {
  entry: StoredResponse;
  expiresAt: number;
}

type Command = (...args: string[]) => Promise<unknown>;

function parse(text: unknown): Stored | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text) as Stored;
  } catch {
    return undefined;
  }
}

/**
 * The `ResponseStore` port over Redis: one string per response with a TTL of `maxAgeMs` (Redis drops it by itself),
 * a sorted set in store order to evict the oldest beyond `maxEntries` (put and eviction in one script, so replicas
 * storing at once cannot overshoot), and the expiry time inside the value so a response expires exactly when the
 * clock says. Any replica continues any conversation. While Redis is away the replica's own `fallback` store serves,
 * and a lookup that misses in Redis also asks it (a response stored during an outage stays reachable there).
 */
export function createRedisResponseStore(settings: RedisResponseStoreSettings): ResponseStore {
  const { connection, clock, fallback } = settings;
  const prefix = `${connection.namespace}:response:`;
  const orderKey = `${connection.namespace}:responses:order`;
  const counterKey = `${connection.namespace}:responses:counter`;
  const commands = connection.commands as unknown as Record<string, Command>;
  if (typeof commands.responsePut !== 'function') connection.commands.defineCommand('responsePut', { numberOfKeys: 3, lua: putScript });
  if (typeof commands.responseDelete !== 'function') connection.commands.defineCommand('responseDelete', { numberOfKeys: 2, lua: deleteScript });
  const run = (name: string, ...args: string[]): Promise<unknown> => (commands[name] as Command).call(connection.commands, ...args);
  const fellBack = (operation: string, error: unknown): void =>
    settings.logger?.debug('Redis did not answer: the response store used this replica\'s own memory', { operation, error: (error as Error).message });

  return {
    async put(entry: StoredResponse): Promise<void> {
      if (connection.isConnected()) {
        const stored: Stored = { entry, expiresAt: clock.now() + settings.maxAgeMs };
        try {
          await run('responsePut', `${prefix}${entry.id}`, orderKey, counterKey, entry.id, JSON.stringify(stored), String(Math.max(1, settings.maxAgeMs)), String(Math.max(1, settings.maxEntries)), prefix);
          return;
        } catch (error) {
          fellBack('put', error);
        }
      }
      await fallback.put(entry);
    },

    async get(id: string): Promise<StoredResponse | undefined> {
      if (connection.isConnected()) {
        try {
          const stored = parse(await connection.commands.get(`${prefix}${id}`));
          if (stored !== undefined) return stored.expiresAt > clock.now() ? stored.entry : undefined;
        } catch (error) {
          fellBack('get', error);
        }
      }
      return fallback.get(id);
    },

    async delete(id: string): Promise<boolean> {
      let existed = false;
      if (connection.isConnected()) {
        try {
          const stored = parse(await run('responseDelete', `${prefix}${id}`, orderKey, id));
          existed = stored !== undefined && stored.expiresAt > clock.now();
        } catch (error) {
          fellBack('delete', error);
        }
      }
      return (await fallback.delete(id)) || existed;
    },
  };
}
