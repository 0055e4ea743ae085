import { silentLogger } from '@asksage-proxy/core';
import { describeKeyHealthStoreContract } from '@asksage-proxy/core/testing';
import { startRedisServer, type TestRedisServer } from '../../../test-support/start-redis-server';
import { createRedisConnection } from './create-redis-connection';
import { createRedisKeyHealthStore } from './create-redis-key-health-store';

let redis: TestRedisServer;
let run = 0;

beforeAll(async () => {
  redis = await startRedisServer({ password: 'contract-suite-password' });
});

afterAll(async () => {
  await redis?.stop();
});

const clock = { now: () => Date.now(), sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)) };

/** Resolves once the connection is up (commands and pub/sub). */
async function connected(connection: ReturnType<typeof createRedisConnection>): Promise<void> {
  for (let attempt = 0; attempt < 500 && !connection.isConnected(); attempt += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!connection.isConnected()) throw new Error(`Redis never connected: ${JSON.stringify(connection.status())}`);
}

describeKeyHealthStoreContract({
  name: 'Redis store (two replicas, one redis-server)',
  createHarness: async () => {
    // A namespace per case: every case starts from an empty state on the one server.
    run += 1;
    const namespace = `contract-${process.pid}-${run}`;
    const first = createRedisConnection({ url: redis.url, namespace, logger: silentLogger });
    const second = createRedisConnection({ url: redis.url, namespace, logger: silentLogger });
    await Promise.all([connected(first), connected(second)]);
    const store = createRedisKeyHealthStore({ connection: first, clock });
    const peer = createRedisKeyHealthStore({ connection: second, clock });
    await Promise.all([store.sync(), peer.sync()]);
    return {
      store,
      peer,
      settle: async () => {
        await Promise.all([store.flush(), peer.flush()]);
        await Promise.all([store.sync(), peer.sync()]);
      },
      close: async () => {
        await Promise.all([store.flush(), peer.flush()]);
        await Promise.all([first.close(), second.close()]);
      },
    };
  },
});
