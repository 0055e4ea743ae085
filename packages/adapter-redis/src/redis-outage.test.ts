/**
 * What the Redis adapters do when Redis goes away and comes back, against a real redis-server that the test stops
 * (SIGKILL, like a crash) and restarts empty: nothing throws, each replica keeps its own state, one warning per
 * outage, and the state and counts made meanwhile reach the other replicas once Redis is back.
 */
import { silentLogger } from '@asksage-proxy/core';
import type { Logger, StoredResponse } from '@asksage-proxy/core';
import { createRecordingLogger } from '@asksage-proxy/core/testing';
import { startRedisServer, type TestRedisServer } from '../../../test-support/start-redis-server';
import { createRedisConnection, type RedisConnection } from './create-redis-connection';
import { createRedisKeyHealthStore } from './create-redis-key-health-store';
import { createRedisResponseStore } from './create-redis-response-store';
import { createRedisUsageCounter } from './create-redis-usage-counter';

const clock = { now: () => Date.now(), sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)) };
let redis: TestRedisServer;
let connections: RedisConnection[] = [];
let run = 0;

async function until(check: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 1_000 && !check(); attempt += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!check()) throw new Error(`never happened: ${what}`);
}

/** One replica's connection, in a namespace of this test's own. */
async function connect(namespace: string, logger: Logger = silentLogger): Promise<RedisConnection> {
  const connection = createRedisConnection({ url: redis.url, namespace, logger, maxReconnectDelayMs: 100 });
  connections.push(connection);
  await until(() => connection.isConnected(), 'connected');
  return connection;
}

beforeAll(async () => {
  redis = await startRedisServer();
});

afterAll(async () => {
  await redis?.stop();
});

beforeEach(async () => {
  run += 1;
  if (!redis.isRunning()) await redis.restart();
});

afterEach(async () => {
  await Promise.all(connections.map((connection) => connection.close()));
  connections = [];
});

describe('key health while Redis is away', () => {
  it('keeps serving and changing the local view, warns once, and gives running verdicts back to a Redis that restarted empty', async () => {
    const recorder = createRecordingLogger();
    const namespace = `outage-health-${run}`;
    const first = await connect(namespace, recorder.logger);
    const second = await connect(namespace);
    const store = createRedisKeyHealthStore({ connection: first, clock });
    const peer = createRedisKeyHealthStore({ connection: second, clock });
    await Promise.all([store.sync(), peer.sync()]);

    await redis.stop();
    await until(() => !first.isConnected() && !second.isConnected(), 'both replicas saw Redis go');
    const now = Date.now();
    expect(store.takeOut('alpha', { kind: 'cooling_down', until: now + 60_000 }, now)).toBe(true);
    expect(store.addFailure('bravo')).toBe(1);
    expect(store.claimProbe('charlie', { holder: 'replica_a', until: now + 60_000 }, now)).toBe(true);
    expect(store.read('alpha').outage).toEqual({ kind: 'cooling_down', until: now + 60_000 });
    expect(peer.read('alpha').outage).toBeUndefined();
    await store.flush();

    await redis.restart();
    await until(() => first.isConnected() && second.isConnected(), 'both replicas reconnected');
    await store.flush();
    await Promise.all([store.sync(), peer.sync()]);
    await until(() => peer.read('alpha').outage !== undefined, 'the peer sees the cooldown made during the outage');
    expect(peer.read('alpha').outage).toEqual({ kind: 'cooling_down', until: now + 60_000 });
    expect(peer.read('bravo').consecutiveFailures).toBe(1);
    const warnings = recorder.calls.filter((call) => call.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toMatch(/Redis is unreachable/);
    expect(recorder.calls.some((call) => call.level === 'info' && /reachable again/.test(call.message))).toBe(true);
  });
});

describe('usage counters', () => {
  it('adds concurrent replicas\' counts atomically and keeps counts made while Redis is away', async () => {
    const namespace = `outage-usage-${run}`;
    const replicas = await Promise.all([connect(namespace), connect(namespace), connect(namespace)]);
    const counters = replicas.map((connection) => createRedisUsageCounter({ connection, clock, flushIntervalMs: 5 }));
    const burst = async (times: number): Promise<void> => {
      for (let index = 0; index < times; index += 1) {
        for (const counter of counters) {
          counter.requestFinished({ requestId: 'r', dialect: 'openai-chat', requestedModel: 'gpt-4o', model: 'gpt-4o', stream: false, outcome: 'success', key: 'alpha', attempts: 1, durationMs: 1 });
          counter.tokensUsed({ requestId: 'r', dialect: 'openai-chat', model: 'gpt-4o', key: 'alpha', inputTokens: 3, outputTokens: 5, source: 'upstream' });
        }
        if (index % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
      }
    };
    await burst(100);
    await Promise.all(counters.map((counter) => counter.flush()));
    expect((await (counters[0] as (typeof counters)[number]).read()).keys.alpha).toMatchObject({ requests: 300, inputTokens: 900, outputTokens: 1_500 });

    await redis.stop();
    await until(() => replicas.every((connection) => !connection.isConnected()), 'Redis gone');
    await burst(10);
    await Promise.all(counters.map((counter) => counter.flush()));
    // Redis came back empty (no persistence): the counts made during the outage are all it can have.
    await redis.restart();
    await until(() => replicas.every((connection) => connection.isConnected()), 'Redis back');
    await Promise.all(counters.map((counter) => counter.flush()));
    const usage = await (counters[1] as (typeof counters)[number]).read();
    expect(usage.keys.alpha).toMatchObject({ requests: 30, inputTokens: 90, outputTokens: 150 });
    expect(usage.models['gpt-4o']).toMatchObject({ requests: 30 });
    await Promise.all(counters.map((counter) => counter.close()));
  });

  it('rejects a read, never hangs, while Redis is frozen or away, and loses no count meanwhile', async () => {
    const connection = await connect(`outage-usage-read-${run}`);
    const counter = createRedisUsageCounter({ connection, clock, flushIntervalMs: 5, readTimeoutMs: 300 });
    const request = () => counter.requestFinished({ requestId: 'r', dialect: 'openai-chat', requestedModel: 'gpt-4o', model: 'gpt-4o', stream: false, outcome: 'success', key: 'alpha', attempts: 1, durationMs: 1 });
    request();
    await counter.flush();
    expect((await counter.read()).keys.alpha?.requests).toBe(1);
    // Frozen: the connection stays open, nothing answers. The status page must still answer, so the read gives up.
    redis.pause();
    try {
      await expect(counter.read()).rejects.toThrow('Redis did not answer within 300 ms');
      request();
    } finally {
      redis.resume();
    }
    await counter.flush();
    expect((await counter.read()).keys.alpha?.requests).toBe(2);
    // Away: the read refuses at once (no offline queue) and says why; the count made meanwhile waits for Redis.
    await redis.stop();
    await until(() => !connection.isConnected(), 'Redis gone');
    await expect(counter.read()).rejects.toThrow(/^Redis is not connected \((degraded|connecting)\)$/);
    request();
    await redis.restart();
    await until(() => connection.isConnected(), 'Redis back');
    await counter.flush();
    // Redis came back empty: what it holds now is the count made while it was away.
    expect((await counter.read()).keys.alpha?.requests).toBe(1);
    await counter.close();
  });
});

describe('Responses store', () => {
  const entry = (id: string): StoredResponse => ({ id, response: { id, object: 'response' }, items: [{ type: 'message', role: 'user', content: 'hi' }], storedAt: 1 });

  function memoryStore() {
    const entries = new Map<string, StoredResponse>();
    return {
      put: async (stored: StoredResponse) => void entries.set(stored.id, stored),
      get: async (id: string) => entries.get(id),
      delete: async (id: string) => entries.delete(id),
    };
  }

  it('shares responses between replicas with a TTL in Redis, and falls back to the replica\'s own store while Redis is away', async () => {
    const namespace = `outage-responses-${run}`;
    const [first, second] = await Promise.all([connect(namespace), connect(namespace)]);
    const settings = { clock, maxEntries: 10, maxAgeMs: 60_000 };
    const store = createRedisResponseStore({ connection: first as RedisConnection, fallback: memoryStore(), ...settings });
    const peer = createRedisResponseStore({ connection: second as RedisConnection, fallback: memoryStore(), ...settings });
    await store.put(entry('resp_shared'));
    expect(await peer.get('resp_shared')).toEqual(entry('resp_shared'));
    const ttl = await (first as RedisConnection).commands.pttl(`${namespace}:response:resp_shared`);
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);

    await redis.stop();
    await until(() => !(first as RedisConnection).isConnected(), 'Redis gone');
    await store.put(entry('resp_during_outage'));
    expect(await store.get('resp_during_outage')).toEqual(entry('resp_during_outage'));
    expect(await peer.get('resp_during_outage')).toBeUndefined();
    expect(await store.delete('resp_during_outage')).toBe(true);
  });
});
