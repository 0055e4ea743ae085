import { silentLogger } from '@asksage-proxy/core';
import type { ResponseStore } from '@asksage-proxy/core';
import { createManualClock, describeResponseStoreContract } from '@asksage-proxy/core/testing';
import { startRedisServer, type TestRedisServer } from '../../../test-support/start-redis-server';
import { createRedisConnection } from './create-redis-connection';
import { createRedisResponseStore } from './create-redis-response-store';

let redis: TestRedisServer;
let run = 0;

beforeAll(async () => {
  redis = await startRedisServer();
});

afterAll(async () => {
  await redis?.stop();
});

/** A fallback that must stay unused while Redis is up: the suite then checks Redis alone. */
const unusedFallback: ResponseStore = {
  put: () => Promise.reject(new Error('the fallback was used while Redis was up')),
  get: () => Promise.reject(new Error('the fallback was used while Redis was up')),
  delete: () => Promise.reject(new Error('the fallback was used while Redis was up')),
};

describeResponseStoreContract({
  name: 'Redis store (one redis-server, TTL and eviction in Redis)',
  createHarness: async () => {
    run += 1;
    const clock = createManualClock();
    const connection = createRedisConnection({ url: redis.url, namespace: `responses-contract-${process.pid}-${run}`, logger: silentLogger });
    for (let attempt = 0; attempt < 500 && !connection.isConnected(); attempt += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    const limits = { maxEntries: 3, maxAgeMs: 60_000 };
    // A get that misses in Redis asks the fallback: here one that knows nothing, so a miss reads as a miss.
    const fallback: ResponseStore = { ...unusedFallback, get: async () => undefined, delete: async () => false };
    const store = createRedisResponseStore({ connection, clock, fallback, ...limits });
    return { store, ...limits, advance: (ms: number) => clock.advance(ms), close: () => connection.close() };
  },
});
