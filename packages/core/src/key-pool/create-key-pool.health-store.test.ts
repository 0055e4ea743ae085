import { ProxyError } from '../errors/proxy-error';
import type { KeyHealthStore } from '../ports/key-health-store';
import { createInstantClock } from '../testing/instant-clock';
import type { ApiKeyConfig } from './api-key-config';
import { createKeyPool } from './create-key-pool';
import { createMemoryKeyHealthStore } from './create-memory-key-health-store';
import type { KeyPoolOptions } from './key-pool';

const start = Date.UTC(2026, 0, 1);
const keys = (...weights: number[]): ApiKeyConfig[] =>
  weights.map((weight, index) => ({ name: `key_${index + 1}`, key: `key_${index + 1}-SECRET-${'x'.repeat(40)}`, weight }));
const unavailable = () => new ProxyError('upstream_unavailable', 'AskSage answered 503', { isRetryable: true, keyVerdict: 'failure' });
const invalid = () => new ProxyError('upstream_authentication', 'Token is invalid', { isRetryable: true, keyVerdict: 'invalid' });

/** Two pools over one store, as two replicas over a shared (Redis) store would be. */
function twoReplicas(config: ApiKeyConfig[], overrides: Partial<KeyPoolOptions> = {}) {
  const clock = createInstantClock(start);
  const healthStore = createMemoryKeyHealthStore();
  const replica = (replicaId: string) => createKeyPool({ keys: config, clock, healthStore, replicaId, ...overrides });
  return { clock, healthStore, first: replica('replica_1'), second: replica('replica_2') };
}

describe('createKeyPool over a shared KeyHealthStore', () => {
  it('keeps every replica off a key that one replica saw rejected, and shares its state', () => {
    const { first, second } = twoReplicas(keys(1, 1));
    first.pick();
    first.reportFailure('key_1', invalid());
    expect([second.pick()?.name, second.pick()?.name]).toEqual(['key_2', 'key_2']);
    expect(second.snapshot()[0]).toMatchObject({ name: 'key_1', state: 'invalid', availableAt: start + 6 * 3_600_000 });
    // Requests and failures are this process's counters: the second replica handed key_1 out to nobody.
    expect(second.snapshot()[0]).toMatchObject({ requests: 0, failures: 0 });
    expect(second.snapshot()[0]?.lastError).toBeUndefined();
  });

  it('adds failures from several replicas toward one circuit', () => {
    const { first, second } = twoReplicas(keys(1, 1));
    first.reportFailure('key_1', unavailable());
    second.reportFailure('key_1', unavailable());
    first.reportFailure('key_1', unavailable());
    expect(second.snapshot()[0]).toMatchObject({ state: 'circuit_open', consecutiveFailures: 3 });
  });

  it('lets exactly one replica probe a half-open key, and its success closes the circuit for all', () => {
    const { first, second, clock } = twoReplicas(keys(1), { failureThreshold: 1, circuitCooldownMs: 10_000 });
    first.reportFailure('key_1', unavailable());
    clock.advance(10_000);
    expect(first.pick()?.name).toBe('key_1');
    expect(second.pick()).toBeUndefined();
    expect(second.hasUsable()).toBe(false);
    // The other replica's report on the key is not the probe's: it neither frees the lease nor reopens the circuit.
    second.reportFailure('key_1', new ProxyError('request_aborted', 'client left'));
    expect(second.pick()).toBeUndefined();
    first.reportSuccess('key_1');
    expect(second.pick()?.name).toBe('key_1');
    expect(second.snapshot()[0]).toMatchObject({ state: 'healthy', consecutiveFailures: 0 });
  });

  it('lets another replica probe once the lease of a replica that never reported back has lapsed', () => {
    const { first, second, clock } = twoReplicas(keys(1), { failureThreshold: 1, circuitCooldownMs: 10_000, probeLeaseMs: 60_000 });
    first.reportFailure('key_1', unavailable());
    clock.advance(10_000);
    expect(first.pick()?.name).toBe('key_1'); // and then this replica dies
    clock.advance(59_999);
    expect(second.pick()).toBeUndefined();
    clock.advance(1);
    expect(second.pick()?.name).toBe('key_1');
    second.reportFailure('key_1', unavailable());
    expect(second.snapshot()[0]).toMatchObject({ state: 'circuit_open', availableAt: clock.now() + 10_000 });
  });

  it('skips a key whose probe lease the store refuses for now, without disturbing the round robin of the others', () => {
    const inner = createMemoryKeyHealthStore();
    let refuse = true;
    const healthStore: KeyHealthStore = { ...inner, claimProbe: (name, lease, now) => !refuse && inner.claimProbe(name, lease, now) };
    const clock = createInstantClock(start);
    const pool = createKeyPool({ keys: keys(1, 1, 1), clock, healthStore, failureThreshold: 1, circuitCooldownMs: 1_000 });
    pool.reportFailure('key_1', unavailable());
    clock.advance(1_000);
    // key_1 is half-open and first in line, but its lease is refused: the pick goes on as if it were not there.
    expect([pool.pick()?.name, pool.pick()?.name, pool.pick()?.name, pool.pick()?.name]).toEqual(['key_2', 'key_3', 'key_2', 'key_3']);
    refuse = false;
    expect(pool.pick()?.name).toBe('key_1');
    expect(pool.snapshot()[0]).toMatchObject({ state: 'half_open', requests: 1 });
  });
});
