import type { ApiKeyCheck } from '../asksage/check-api-key';
import { ProxyError } from '../errors/proxy-error';
import { createInstantClock } from '../testing/instant-clock';
import { createRecordingObserver } from '../testing/recording-observer';
import type { ApiKeyConfig } from './api-key-config';
import { createKeyPool } from './create-key-pool';
import { createMemoryKeyHealthStore } from './create-memory-key-health-store';
import type { KeyPoolOptions } from './key-pool';

const start = Date.UTC(2026, 0, 1);
const minute = 60_000;
const keys: ApiKeyConfig[] = [1, 2].map((index) => ({ name: `key_${index}`, key: `key_${index}-SECRET-${'x'.repeat(40)}`, weight: 1 }));
const rejected = () => new ProxyError('upstream_authentication', 'Token is invalid [2]', { isRetryable: true, keyVerdict: 'invalid' });
const unreachable = () => new ProxyError('upstream_unavailable', 'connect ECONNREFUSED', { isRetryable: true, keyVerdict: 'failure' });
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** The edge: a free key check whose answers the test gives, one call at a time. */
function createFakeCheck() {
  const calls: Array<{ apiKey: string; answer: (result: ApiKeyCheck) => Promise<void> }> = [];
  const check = (apiKey: string): Promise<ApiKeyCheck> =>
    new Promise((resolve) => {
      calls.push({ apiKey, answer: async (result) => { resolve(result); await nextTurn(); } });
    });
  return { check, calls };
}

function setUp(overrides: Partial<KeyPoolOptions> = {}) {
  const clock = createInstantClock(start);
  const fake = createFakeCheck();
  const recorder = createRecordingObserver();
  const healthStore = createMemoryKeyHealthStore();
  const pool = (replicaId = 'local') =>
    createKeyPool({ keys, clock, healthStore, replicaId, observer: recorder.observer, invalidKeyRecheck: { check: fake.check, firstDelayMs: minute, maxDelayMs: 60 * minute }, ...overrides });
  return { clock, fake, recorder, pool };
}

const names = (pool: ReturnType<typeof createKeyPool>, count: number) => Array.from({ length: count }, () => pool.pick()?.name);

describe('createKeyPool: rechecking invalid keys with a free call', () => {
  it('starts the recheck from a pick once due, without making the pick wait, and brings an accepted key back', async () => {
    const { clock, fake, recorder, pool: build } = setUp();
    const pool = build();
    pool.reportFailure('key_1', rejected());
    expect(pool.snapshot()[0]).toMatchObject({ state: 'invalid', recheckAt: start + minute });

    clock.advance(minute - 1);
    expect(names(pool, 2)).toEqual(['key_2', 'key_2']);
    expect(fake.calls).toHaveLength(0);

    clock.advance(1);
    // The pick that finds the recheck due is served at once by another key; the recheck runs beside it.
    expect(pool.pick()?.name).toBe('key_2');
    expect(fake.calls.map((call) => call.apiKey)).toEqual([keys[0]?.key]);
    expect(names(pool, 2)).toEqual(['key_2', 'key_2']);
    expect(fake.calls).toHaveLength(1);

    await fake.calls[0]?.answer({ verdict: 'valid', monthlyTokens: 12 });
    expect(pool.snapshot()[0]).toMatchObject({ state: 'healthy' });
    expect(pool.snapshot()[0]?.recheckAt).toBeUndefined();
    expect(names(pool, 2).sort()).toEqual(['key_1', 'key_2']);
    expect(recorder.ofType('keyStateChanged').map((event) => [event.key, event.change, event.state])).toEqual([
      ['key_1', 'invalid', 'invalid'],
      ['key_1', 'restored', 'healthy'],
    ]);
  });

  it('keeps a key AskSage still rejects out, and waits four times longer before the next recheck', async () => {
    const { clock, fake, recorder, pool: build } = setUp();
    const pool = build();
    pool.reportFailure('key_1', rejected());
    clock.advance(minute);
    pool.pick();
    await fake.calls[0]?.answer({ verdict: 'invalid', error: rejected() });

    expect(pool.snapshot()[0]).toMatchObject({ state: 'invalid', recheckAt: clock.now() + 4 * minute });
    const again = recorder.ofType('keyStateChanged')[1];
    expect(again).toMatchObject({ key: 'key_1', change: 'invalid', previousState: 'invalid', state: 'invalid', recheckAt: clock.now() + 4 * minute });
    clock.advance(4 * minute - 1);
    expect(names(pool, 2)).toEqual(['key_2', 'key_2']);
    expect(fake.calls).toHaveLength(1);
    clock.advance(1);
    pool.pick();
    expect(fake.calls).toHaveLength(2);
  });

  it('learns nothing about the key when AskSage is unreachable: it stays out, and the same wait follows', async () => {
    const { clock, fake, recorder, pool: build } = setUp();
    const pool = build();
    pool.reportFailure('key_1', rejected());
    clock.advance(minute);
    pool.pick();
    await fake.calls[0]?.answer({ verdict: 'unknown', error: unreachable() });

    expect(pool.snapshot()[0]).toMatchObject({ state: 'invalid', recheckAt: clock.now() + minute });
    expect(recorder.ofType('keyStateChanged').map((event) => event.change)).toEqual(['invalid']);
    clock.advance(minute);
    pool.pick();
    expect(fake.calls).toHaveLength(2);
  });

  it('rechecks one key at a time across replicas, and a rejection on one moves the other\'s schedule on', async () => {
    const { clock, fake, pool: build } = setUp();
    const first = build('replica_1');
    const second = build('replica_2');
    first.reportFailure('key_1', rejected());
    second.pick(); // the second replica sees the verdict and schedules its own recheck
    clock.advance(minute);
    first.pick();
    second.pick();
    expect(fake.calls).toHaveLength(1);

    await fake.calls[0]?.answer({ verdict: 'invalid', error: rejected() });
    // Its own schedule was due, but the new verdict says a recheck just happened: no second call now.
    second.pick();
    expect(fake.calls).toHaveLength(1);
    expect(second.snapshot()[0]).toMatchObject({ state: 'invalid', recheckAt: clock.now() + 4 * minute });
  });

  it('starts the recheck of a pool\'s only key from hasUsable, and tells clients to come back at the recheck', async () => {
    const { clock, fake, pool: build } = setUp({ keys: keys.slice(0, 1) });
    const pool = build();
    pool.reportFailure('key_1', rejected());
    expect(pool.nextAvailableAt()).toBe(start + minute);
    clock.advance(minute);
    expect(pool.hasUsable()).toBe(false);
    expect(fake.calls).toHaveLength(1);
    await fake.calls[0]?.answer({ verdict: 'valid', monthlyTokens: 0 });
    expect(pool.hasUsable()).toBe(true);
    expect(pool.pick()?.name).toBe('key_1');
  });

  it('without invalidKeyRecheck, an invalid key stays out for the whole invalid cooldown', () => {
    const clock = createInstantClock(start);
    const pool = createKeyPool({ keys, clock });
    pool.reportFailure('key_1', rejected());
    clock.advance(6 * 60 * minute - 1);
    expect(names(pool, 2)).toEqual(['key_2', 'key_2']);
    expect(pool.snapshot()[0]?.recheckAt).toBeUndefined();
  });
});
