import { ProxyError } from '../errors/proxy-error';
import { createInstantClock } from '../testing/instant-clock';
import { createRecordingObserver } from '../testing/recording-observer';
import { createKeyPool } from './create-key-pool';

const start = Date.UTC(2026, 0, 1);
const secret = 'key_1-SECRET-0123456789abcdefghijklmnopqrstuvwxyz';
const failure = (keyVerdict: 'invalid' | 'rate_limited' | 'failure', code: 'upstream_authentication' | 'upstream_rate_limited' | 'upstream_unavailable', retryAfterSeconds?: number) =>
  new ProxyError(code, 'upstream said no', { isRetryable: true, keyVerdict, retryAfterSeconds });

function setUp() {
  const clock = createInstantClock(start);
  const recording = createRecordingObserver();
  const pool = createKeyPool({ keys: [{ name: 'key_1', key: secret, weight: 1 }], clock, observer: recording.observer, failureThreshold: 2, circuitCooldownMs: 10_000 });
  return { clock, pool, changes: () => recording.ofType('keyStateChanged'), recording };
}

describe('createKeyPool keyStateChanged events', () => {
  it('reports a circuit opening, its probe, the probe failing and the circuit closing, with the states around each', () => {
    const { clock, pool, changes } = setUp();
    pool.reportFailure('key_1', failure('failure', 'upstream_unavailable'));
    expect(changes()).toEqual([]);
    pool.reportFailure('key_1', failure('failure', 'upstream_unavailable'));
    clock.advance(10_000);
    pool.pick();
    pool.reportFailure('key_1', failure('failure', 'upstream_unavailable'));
    clock.advance(10_000);
    pool.pick();
    pool.reportSuccess('key_1');
    pool.reportSuccess('key_1');
    const opened = start;
    const reopened = start + 10_000;
    const closed = start + 20_000;
    expect(changes()).toEqual([
      { key: 'key_1', change: 'circuit_open', previousState: 'healthy', state: 'circuit_open', at: opened, code: 'upstream_unavailable', consecutiveFailures: 2, cooldownMs: 10_000 },
      { key: 'key_1', change: 'probing', previousState: 'half_open', state: 'half_open', at: reopened },
      { key: 'key_1', change: 'circuit_reopened', previousState: 'half_open', state: 'circuit_open', at: reopened, code: 'upstream_unavailable', consecutiveFailures: 3, cooldownMs: 10_000 },
      { key: 'key_1', change: 'probing', previousState: 'half_open', state: 'half_open', at: closed },
      { key: 'key_1', change: 'circuit_closed', previousState: 'half_open', state: 'healthy', at: closed },
    ]);
  });

  it('reports every rate limit with its cooldown, an invalid verdict once while it lasts, and the state that wins', () => {
    const { pool, changes, recording } = setUp();
    pool.reportFailure('key_1', failure('rate_limited', 'upstream_rate_limited', 7));
    pool.reportFailure('key_1', failure('invalid', 'upstream_authentication'));
    pool.reportFailure('key_1', failure('invalid', 'upstream_authentication'));
    pool.reportFailure('key_1', failure('rate_limited', 'upstream_rate_limited', 7));
    expect(changes()).toEqual([
      { key: 'key_1', change: 'cooling_down', previousState: 'healthy', state: 'cooling_down', at: start, code: 'upstream_rate_limited', cooldownMs: 7_000 },
      { key: 'key_1', change: 'invalid', previousState: 'cooling_down', state: 'invalid', at: start, code: 'upstream_authentication', until: start + 6 * 3_600_000 },
      { key: 'key_1', change: 'cooling_down', previousState: 'invalid', state: 'invalid', at: start, code: 'upstream_rate_limited', cooldownMs: 7_000 },
    ]);
    expect(JSON.stringify(recording.events)).not.toContain('SECRET');
  });

  it('reports nothing for failures the key is not to blame for, and for successes of a healthy key', () => {
    const { pool, changes } = setUp();
    pool.pick();
    pool.reportFailure('key_1', new ProxyError('request_aborted', 'client left'));
    pool.reportSuccess('key_1');
    expect(changes()).toEqual([]);
  });
});
