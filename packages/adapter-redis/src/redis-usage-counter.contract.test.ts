import { silentLogger } from '@asksage-proxy/core';
import { createManualClock, describeUsageCounterContract } from '@asksage-proxy/core/testing';
import { startRedisServer, type TestRedisServer } from '../../../test-support/start-redis-server';
import { createRedisConnection } from './create-redis-connection';
import { createRedisUsageCounter } from './create-redis-usage-counter';

let redis: TestRedisServer;
let run = 0;

beforeAll(async () => {
  redis = await startRedisServer({ password: 'usage-contract-password' });
});

afterAll(async () => {
  await redis?.stop();
});

/** Resolves once the connection is up (commands and pub/sub). */
async function connected(connection: ReturnType<typeof createRedisConnection>): Promise<void> {
  for (let attempt = 0; attempt < 500 && !connection.isConnected(); attempt += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!connection.isConnected()) throw new Error(`Redis never connected: ${JSON.stringify(connection.status())}`);
}

describeUsageCounterContract({
  name: 'Redis counter (two replicas, one redis-server)',
  createHarness: async () => {
    // A namespace per case: every case starts from empty counters on the one server.
    run += 1;
    const namespace = `usage-contract-${process.pid}-${run}`;
    const first = createRedisConnection({ url: redis.url, namespace, logger: silentLogger });
    const second = createRedisConnection({ url: redis.url, namespace, logger: silentLogger });
    await Promise.all([connected(first), connected(second)]);
    // Both replicas see one manual clock; the timer flushes rarely, so `settle` is what makes counts shared.
    const clock = createManualClock(Date.UTC(2026, 0, 1, 12, 0, 30));
    const counter = createRedisUsageCounter({ connection: first, clock, flushIntervalMs: 60_000 });
    const peer = createRedisUsageCounter({ connection: second, clock, flushIntervalMs: 60_000 });
    return {
      counter,
      peer,
      now: () => clock.now(),
      advance: (ms) => clock.advance(ms),
      settle: async () => {
        await Promise.all([counter.flush(), peer.flush()]);
      },
      close: async () => {
        await Promise.all([counter.close(), peer.close()]);
        await Promise.all([first.close(), second.close()]);
      },
    };
  },
});
