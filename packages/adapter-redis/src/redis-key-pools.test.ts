/**
 * Key pools of three replicas over one redis-server, as the CLI wires them: what the port contract cannot show on its
 * own — the pool's picks across replicas (one probe of a recovering key, cooldowns honoured everywhere) and streaks
 * that lose no increment when replicas report at the same moment.
 */
import { ProxyError, createKeyPool, silentLogger } from '@asksage-proxy/core';
import type { ApiKeyCheck, KeyPool } from '@asksage-proxy/core';
import { createManualClock } from '@asksage-proxy/core/testing';
import { startRedisServer, type TestRedisServer } from '../../../test-support/start-redis-server';
import { createRedisConnection, type RedisConnection } from './create-redis-connection';
import { createRedisKeyHealthStore, type RedisKeyHealthStore } from './create-redis-key-health-store';

let redis: TestRedisServer;
let connections: RedisConnection[] = [];
let run = 0;
const keys = [{ name: 'alpha', key: 'a'.repeat(64), weight: 1 }];

beforeAll(async () => {
  redis = await startRedisServer();
});

afterAll(async () => {
  await redis?.stop();
});

afterEach(async () => {
  await Promise.all(connections.map((connection) => connection.close()));
  connections = [];
});

/** Three replicas' stores on one namespace, connected and subscribed. */
async function replicas(reservationMs?: number): Promise<{ stores: RedisKeyHealthStore[]; settle: () => Promise<void> }> {
  run += 1;
  const clock = createManualClock();
  connections = [0, 1, 2].map(() => createRedisConnection({ url: redis.url, namespace: `pools-${process.pid}-${run}`, logger: silentLogger }));
  for (let attempt = 0; attempt < 500 && !connections.every((connection) => connection.isConnected()); attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const stores = connections.map((connection) => createRedisKeyHealthStore({ connection, clock, ...(reservationMs === undefined ? {} : { reservationMs }) }));
  const settle = async (): Promise<void> => {
    await Promise.all(stores.map((store) => store.flush()));
    await Promise.all(stores.map((store) => store.sync()));
  };
  await settle();
  return { stores, settle };
}

const failure = () => new ProxyError('upstream_unavailable', 'AskSage is down', { keyVerdict: 'failure' });

it('lets exactly one of three replicas probe a recovering key', async () => {
  const clock = createManualClock();
  const { stores, settle } = await replicas();
  const pools: KeyPool[] = stores.map((healthStore, index) => createKeyPool({ keys, clock, healthStore, replicaId: `replica_${index}` }));
  const [first] = pools as [KeyPool];
  for (let count = 0; count < 3; count += 1) first.reportFailure('alpha', failure());
  await settle();
  for (const pool of pools) expect(pool.snapshot()[0]?.state).toBe('circuit_open');

  clock.advance(30_001);
  // Half-open everywhere: each replica's first claim answers "not now" and reserves in the background.
  expect(pools.map((pool) => pool.pick()?.name)).toEqual([undefined, undefined, undefined]);
  await settle();
  const second = pools.map((pool) => pool.pick()?.name);
  expect(second.filter((name) => name === 'alpha')).toHaveLength(1);
  await settle();
  // While the probe is out, nobody else gets the key.
  expect(pools.map((pool) => pool.pick()?.name).filter((name) => name === 'alpha')).toHaveLength(0);

  const prober = pools[second.indexOf('alpha')] as KeyPool;
  prober.reportSuccess('alpha');
  await settle();
  for (const pool of pools) expect(pool.snapshot()[0]?.state).toBe('healthy');
});

it('lets another replica probe when a reservation is never used', async () => {
  const clock = createManualClock();
  const { stores, settle } = await replicas(1_000);
  const [storeA, storeB] = stores as [RedisKeyHealthStore, RedisKeyHealthStore];
  const now = clock.now();
  storeA.takeOut('alpha', { kind: 'circuit_open', until: now }, now);
  await settle();
  expect(storeA.claimProbe('alpha', { holder: 'replica_a', until: now + 60_000 }, now)).toBe(false);
  await settle();
  expect(storeB.claimProbe('alpha', { holder: 'replica_b', until: now + 60_000 }, now)).toBe(false);
  // replica_a never comes back for its reservation: it lapses after reservationMs and replica_b gets its turn.
  const later = now + 1_000;
  expect(storeB.claimProbe('alpha', { holder: 'replica_b', until: later + 60_000 }, later)).toBe(false);
  await settle();
  expect(storeB.claimProbe('alpha', { holder: 'replica_b', until: later + 60_000 }, later)).toBe(true);
});

it('counts failure streaks reported at the same moment on three replicas without losing one', async () => {
  const { stores, settle } = await replicas();
  for (let round = 0; round < 50; round += 1) for (const store of stores) store.addFailure('alpha');
  await settle();
  for (const store of stores) expect(store.read('alpha').consecutiveFailures).toBe(150);
});

it('rechecks an invalid key from one replica at a time, and its restore brings the key back on every replica', async () => {
  const clock = createManualClock();
  const { stores, settle } = await replicas();
  const checks: Array<(result: ApiKeyCheck) => void> = [];
  const check = (): Promise<ApiKeyCheck> => new Promise((resolve) => checks.push(resolve));
  const invalidKeyRecheck = { check, firstDelayMs: 60_000 };
  const pools: KeyPool[] = stores.map((healthStore, index) => createKeyPool({ keys, clock, healthStore, replicaId: `replica_${index}`, invalidKeyRecheck }));
  const [first] = pools as [KeyPool];
  first.reportFailure('alpha', new ProxyError('upstream_authentication', 'Token is invalid [2]', { keyVerdict: 'invalid' }));
  await settle();
  // Every replica sees the verdict (and schedules its recheck a minute on).
  for (const pool of pools) expect(pool.snapshot()[0]).toMatchObject({ state: 'invalid', recheckAt: clock.now() + 60_000 });

  clock.advance(60_000);
  // Due everywhere: the first picks reserve the lease in the background, the next ones start at most one recheck.
  for (let round = 0; round < 3; round += 1) {
    for (const pool of pools) expect(pool.pick()).toBeUndefined();
    await settle();
  }
  expect(checks).toHaveLength(1);

  checks[0]?.({ verdict: 'valid', monthlyTokens: 0 });
  await new Promise((resolve) => setImmediate(resolve));
  await settle();
  for (const pool of pools) expect(pool.snapshot()[0]?.state).toBe('healthy');
  for (const pool of pools) expect(pool.pick()?.name).toBe('alpha');
});
