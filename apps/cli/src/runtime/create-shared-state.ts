import { hostname } from 'node:os';
import { createRedisConnection, createRedisKeyHealthStore, createRedisResponseStore, createRedisUsageCounter } from '@asksage-proxy/adapter-redis';
import type { RedisConnectionStatus } from '@asksage-proxy/adapter-redis';
import type { Clock, IdGenerator, KeyHealthStore, Logger, ProxyObserver, ResponseStore, SharedUsageStore, UsageCounter } from '@asksage-proxy/core';

/** What replicas share, or nothing (each process its own), depending on `redis_url`. */
export interface SharedState {
  /** The key pool's health store; undefined = the pool's in-memory default. */
  healthStore?: KeyHealthStore;
  /** Names this replica's probe leases; unique per process so replicas never release each other's lease. */
  replicaId?: string;
  /** Observers that write shared counters. */
  observers: Partial<ProxyObserver>[];
  /** The usage counter every replica adds to, and the store it lives in as the status page names it; undefined without Redis. */
  usage?: { counter: UsageCounter; store(): SharedUsageStore };
  /** The Responses store replicas share (Redis, with `local` serving while Redis is away), or `local` itself. */
  responseStore(local: ResponseStore, limits: { maxEntries: number; maxAgeMs: number }): ResponseStore;
  /** The Redis connection's state, for `/health`; undefined without Redis. */
  status(): RedisConnectionStatus | undefined;
  /** Closes the Redis connection. */
  close(): Promise<void>;
}

/** Inputs of `createSharedState`. */
export interface SharedStateOptions {
  /** `redis_url`, when set. */
  redisUrl?: string;
  /** `cert_path`'s PEM: also trusted for a `rediss://` Redis. */
  caCertificate?: string;
  logger: Logger;
  clock: Clock;
  ids: IdGenerator;
}

/**
 * Without `redis_url`: nothing shared, nothing created (the pool keeps its in-memory store, exactly as before). With
 * it: one Redis connection, the shared key-health store, a replica id naming this process in probe leases, and the
 * usage counters every replica adds to.
 */
export function createSharedState(options: SharedStateOptions): SharedState {
  if (options.redisUrl === undefined) {
    return { observers: [], responseStore: (local) => local, status: () => undefined, close: async () => undefined };
  }
  const connection = createRedisConnection({ url: options.redisUrl, logger: options.logger, ...(options.caCertificate === undefined ? {} : { caCertificate: options.caCertificate }) });
  const healthStore = createRedisKeyHealthStore({ connection, clock: options.clock });
  const usage = createRedisUsageCounter({ connection, clock: options.clock });
  return {
    healthStore,
    replicaId: options.ids.next(`${hostname()}:${process.pid}:`),
    observers: [usage],
    usage: {
      counter: usage,
      store: () => {
        const { state, url } = connection.status();
        return { name: 'Redis', state, url };
      },
    },
    responseStore: (local, limits) => createRedisResponseStore({ connection, clock: options.clock, fallback: local, logger: options.logger, ...limits }),
    status: () => connection.status(),
    close: async () => {
      await Promise.all([healthStore.flush(), usage.close()]);
      await connection.close();
    },
  };
}
