import { ProxyError } from '../errors/proxy-error';
import { createInstantClock, createRecordingLogger } from '../testing/index';
import type { ApiKeyConfig } from './api-key-config';
import { createKeyPool } from './create-key-pool';
import { createKeyStateLogObserver } from './create-key-state-log-observer';
import type { KeyPoolOptions } from './key-pool';

const start = Date.UTC(2026, 0, 1);


const secret = (name: string) => `${name}-SECRET-${'x'.repeat(50)}`;
const keys = (...weights: number[]): ApiKeyConfig[] =>
  weights.map((weight, index) => ({ name: `key_${index + 1}`, key: secret(`key_${index + 1}`), weight }));

function setUp(config: ApiKeyConfig[], overrides: Partial<KeyPoolOptions> = {}) {
  const clock = createInstantClock(start);
  const { logger, calls } = createRecordingLogger();
  const pool = createKeyPool({ keys: config, clock, observer: createKeyStateLogObserver(logger), ...overrides });
  const status = (name: string) => pool.snapshot().find((entry) => entry.name === name);
  return { clock, logger, calls, pool, status };
}

const invalid = () => new ProxyError('upstream_authentication', 'Token is invalid', { isRetryable: true, keyVerdict: 'invalid' });
const rateLimited = (retryAfterSeconds?: number) =>
  new ProxyError('upstream_rate_limited', 'Too many requests', { isRetryable: true, keyVerdict: 'rate_limited', retryAfterSeconds });
const unavailable = () => new ProxyError('upstream_unavailable', 'AskSage answered 503', { isRetryable: true, keyVerdict: 'failure' });
const aborted = () => new ProxyError('request_aborted', 'The client closed the request');

function pickNames(pool: ReturnType<typeof createKeyPool>, count: number, options?: Parameters<typeof pool.pick>[0]) {
  return Array.from({ length: count }, () => pool.pick(options)?.name);
}

describe('createKeyPool selection', () => {
  it('splits traffic 50/33/17 % for weights 3/2/1 over 60,000 picks', () => {
    const { pool } = setUp(keys(3, 2, 1));
    const counts = new Map<string, number>();
    for (let index = 0; index < 60_000; index += 1) {
      const name = pool.pick()?.name ?? 'none';
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    const share = (name: string) => (counts.get(name) ?? 0) / 60_000;
    expect(Math.abs(share('key_1') - 3 / 6)).toBeLessThan(0.01);
    expect(Math.abs(share('key_2') - 2 / 6)).toBeLessThan(0.01);
    expect(Math.abs(share('key_3') - 1 / 6)).toBeLessThan(0.01);
    expect(counts.get('none')).toBeUndefined();
  });

  it('interleaves weighted picks instead of sending bursts to the heaviest key', () => {
    const { pool } = setUp(keys(3, 2, 1));
    expect(pickNames(pool, 6)).toEqual(['key_1', 'key_2', 'key_1', 'key_3', 'key_2', 'key_1']);
  });

  it('is a strict round robin in configuration order for equal weights', () => {
    const { pool } = setUp(keys(1, 1, 1));
    expect(pickNames(pool, 7)).toEqual(['key_1', 'key_2', 'key_3', 'key_1', 'key_2', 'key_3', 'key_1']);
  });

  it('only hands out keys in `allowed` and not in `exclude`', () => {
    const { pool } = setUp(keys(1, 1, 1));
    expect(new Set(pickNames(pool, 6, { allowed: ['key_2', 'key_3'] }))).toEqual(new Set(['key_2', 'key_3']));
    expect(pickNames(pool, 3, { exclude: new Set(['key_1', 'key_3']) })).toEqual(['key_2', 'key_2', 'key_2']);
    expect(pool.pick({ allowed: ['key_1'], exclude: new Set(['key_1']) })).toBeUndefined();
    expect(pool.pick({ allowed: [] })).toBeUndefined();
  });

  it('gives a key that comes back its normal share, not a catch-up burst', () => {
    const { pool, clock } = setUp(keys(1, 1, 1));
    pool.reportFailure('key_2', rateLimited(10));
    const whileOut = pickNames(pool, 20);
    expect(whileOut).not.toContain('key_2');
    clock.advance(10_000);
    const afterReturn = pickNames(pool, 6);
    for (const name of ['key_1', 'key_2', 'key_3']) {
      expect(afterReturn.filter((picked) => picked === name)).toHaveLength(2);
    }
  });

  it('hands out the secret to the caller but never in snapshot()', () => {
    const { pool } = setUp(keys(2, 1));
    expect(pool.pick()).toEqual({ name: 'key_1', key: secret('key_1'), weight: 2 });
    pool.reportFailure('key_1', invalid());
    expect(JSON.stringify(pool.snapshot())).not.toContain('SECRET');
    expect(pool.snapshot()).toEqual([
      { name: 'key_1', weight: 2, state: 'invalid', availableAt: start + 6 * 3_600_000, consecutiveFailures: 0, requests: 1, failures: 1, lastError: 'upstream_authentication' },
      { name: 'key_2', weight: 1, state: 'healthy', consecutiveFailures: 0, requests: 0, failures: 0 },
    ]);
  });

  it('rejects duplicate names and weights that are not above 0', () => {
    const clock = createInstantClock(start);
    expect(() => createKeyPool({ keys: [...keys(1), ...keys(1)], clock })).toThrow(/key_1.*unique/);
    expect(() => createKeyPool({ keys: keys(0), clock })).toThrow(/weight 0/);
  });
});

describe('createKeyPool health', () => {
  it('takes an invalid key out for 6 hours and logs it once, by name, at error level', () => {
    const config = keys(1, 1);
    const { pool, calls, clock, status } = setUp(config);
    pool.reportFailure('key_1', invalid());
    pool.reportFailure('key_1', invalid());
    expect(pickNames(pool, 4)).toEqual(['key_2', 'key_2', 'key_2', 'key_2']);
    const errors = calls.filter((call) => call.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toContain('"key_1"');
    expect(JSON.stringify(calls)).not.toContain(config[0]?.key);
    expect(JSON.stringify(calls)).not.toContain('SECRET');

    clock.advance(6 * 3_600_000 - 1);
    expect(status('key_1')?.state).toBe('invalid');
    clock.advance(1);
    expect(status('key_1')?.state).toBe('healthy');
    expect(new Set(pickNames(pool, 2))).toEqual(new Set(['key_1', 'key_2']));
  });

  it('honours a configured invalid cooldown', () => {
    const { pool, status } = setUp(keys(1), { invalidCooldownMs: 60_000 });
    pool.reportFailure('key_1', invalid());
    expect(status('key_1')?.availableAt).toBe(start + 60_000);
  });

  it('cools a rate-limited key down for Retry-After, capped at 60 s', () => {
    const { pool, clock, status } = setUp(keys(1, 1));
    pool.reportFailure('key_1', rateLimited(5));
    expect(status('key_1')).toMatchObject({ state: 'cooling_down', availableAt: start + 5_000, lastError: 'upstream_rate_limited' });
    expect(pool.pick({ allowed: ['key_1'] })).toBeUndefined();
    clock.advance(5_000);
    expect(pool.pick({ allowed: ['key_1'] })?.name).toBe('key_1');

    pool.reportFailure('key_2', rateLimited(3_600));
    expect(status('key_2')?.availableAt).toBe(clock.now() + 60_000);
  });

  it('uses a configured rate-limit cap', () => {
    const { pool, status } = setUp(keys(1), { rateLimitDefaultCooldownMs: 10_000 });
    pool.reportFailure('key_1', rateLimited(30));
    expect(status('key_1')?.availableAt).toBe(start + 10_000);
  });

  it('backs off 1 s, 2 s, 4 s… (capped) when AskSage sends no Retry-After, and a success resets it', () => {
    const { pool, clock, status } = setUp(keys(1));
    const cooldowns: number[] = [];
    for (let index = 0; index < 8; index += 1) {
      pool.reportFailure('key_1', rateLimited());
      cooldowns.push((status('key_1')?.availableAt ?? 0) - clock.now());
      clock.advance(cooldowns[cooldowns.length - 1] ?? 0);
    }
    expect(cooldowns).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000]);
    pool.reportSuccess('key_1');
    pool.reportFailure('key_1', rateLimited());
    expect((status('key_1')?.availableAt ?? 0) - clock.now()).toBe(1_000);
  });

  it('opens the circuit after 3 consecutive failures; a success in between resets the count', () => {
    const { pool, status, calls } = setUp(keys(1, 1));
    pool.reportFailure('key_1', unavailable());
    pool.reportFailure('key_1', unavailable());
    pool.reportSuccess('key_1');
    pool.reportFailure('key_1', unavailable());
    pool.reportFailure('key_1', unavailable());
    expect(status('key_1')).toMatchObject({ state: 'healthy', consecutiveFailures: 2, failures: 4 });
    pool.reportFailure('key_1', unavailable());
    expect(status('key_1')).toMatchObject({ state: 'circuit_open', consecutiveFailures: 3, availableAt: start + 30_000 });
    expect(pickNames(pool, 3)).toEqual(['key_2', 'key_2', 'key_2']);
    expect(calls.some((call) => call.level === 'warn' && call.message.includes('"key_1"'))).toBe(true);
  });

  it('lets exactly one probe through a half-open circuit; its success closes the circuit', () => {
    const { pool, clock, status } = setUp(keys(1), { failureThreshold: 2, circuitCooldownMs: 10_000 });
    pool.reportFailure('key_1', unavailable());
    pool.reportFailure('key_1', unavailable());
    expect(status('key_1')?.state).toBe('circuit_open');
    // The only key is out: one request at a time may probe it early; its failure reopens the circuit.
    expect(pool.pick()?.name).toBe('key_1');
    expect(pool.pick()).toBeUndefined();
    pool.reportFailure('key_1', unavailable());
    expect(status('key_1')?.state).toBe('circuit_open');
    clock.advance(10_000);
    expect(status('key_1')?.state).toBe('half_open');
    expect(pool.pick()?.name).toBe('key_1');
    expect(pool.pick()).toBeUndefined();
    expect(pool.pick()).toBeUndefined();
    pool.reportSuccess('key_1');
    expect(status('key_1')).toMatchObject({ state: 'healthy', consecutiveFailures: 0 });
    expect(pickNames(pool, 2)).toEqual(['key_1', 'key_1']);
  });

  it('reopens the circuit when the probe fails', () => {
    const { pool, clock, status } = setUp(keys(1), { failureThreshold: 2, circuitCooldownMs: 10_000 });
    pool.reportFailure('key_1', unavailable());
    pool.reportFailure('key_1', unavailable());
    clock.advance(10_000);
    expect(pool.pick()?.name).toBe('key_1');
    pool.reportFailure('key_1', unavailable());
    expect(status('key_1')).toMatchObject({ state: 'circuit_open', availableAt: clock.now() + 10_000 });
    expect(pool.hasUsable()).toBe(true); // as an early probe, one request at a time
  });

  it('prefers a healthy key to an early probe of an open circuit, and never probes invalid or rate-limited keys early', () => {
    const { pool } = setUp(keys(1, 1, 1), { failureThreshold: 1 });
    pool.reportFailure('key_1', unavailable());
    pool.reportFailure('key_3', new ProxyError('upstream_authentication', 'Token is invalid', { isRetryable: true, keyVerdict: 'invalid' }));
    expect(pickNames(pool, 3)).toEqual(['key_2', 'key_2', 'key_2']);
    pool.reportFailure('key_2', new ProxyError('upstream_rate_limited', 'slow down', { isRetryable: true, keyVerdict: 'rate_limited', retryAfterSeconds: 30 }));
    expect(pool.pick()?.name).toBe('key_1');
    expect(pool.pick()).toBeUndefined();
  });

  it("never counts the caller's own abort against a key, and an aborted probe frees the probe slot", () => {
    const { pool, clock, status } = setUp(keys(1), { failureThreshold: 1 });
    pool.reportFailure('key_1', aborted());
    pool.reportFailure('key_1', new ProxyError('model_not_found', 'no such model'));
    expect(status('key_1')).toMatchObject({ state: 'healthy', consecutiveFailures: 0, failures: 0 });
    expect(status('key_1')?.lastError).toBeUndefined();

    pool.reportFailure('key_1', unavailable());
    clock.advance(30_000);
    expect(pool.pick()?.name).toBe('key_1');
    expect(pool.pick()).toBeUndefined();
    pool.reportFailure('key_1', aborted());
    expect(status('key_1')?.state).toBe('half_open');
    expect(pool.pick()?.name).toBe('key_1');
  });

  it('reports when the earliest unavailable key within `allowed` is back', () => {
    const { pool, clock } = setUp(keys(1, 1, 1));
    expect(pool.nextAvailableAt()).toBeUndefined();
    pool.reportFailure('key_1', rateLimited(20));
    pool.reportFailure('key_2', rateLimited(5));
    pool.reportFailure('key_3', invalid());
    expect(pool.nextAvailableAt()).toBe(start + 5_000);
    expect(pool.nextAvailableAt(['key_1', 'key_3'])).toBe(start + 20_000);
    expect(pool.nextAvailableAt(['key_3'])).toBe(start + 6 * 3_600_000);
    clock.advance(5_000);
    expect(pool.nextAvailableAt()).toBe(start + 20_000);
  });
});
