import type { KeyStateChangedEvent } from '../ports/proxy-observer';
import { createRecordingLogger } from '../testing/recording-logger';
import { createKeyStateLogObserver } from './create-key-state-log-observer';

const at = Date.UTC(2026, 0, 1);

function logged(...events: KeyStateChangedEvent[]) {
  const { logger, calls } = createRecordingLogger();
  const observer = createKeyStateLogObserver(logger);
  for (const event of events) observer.keyStateChanged(event);
  return calls;
}

describe('createKeyStateLogObserver', () => {
  it.each<[string, KeyStateChangedEvent, { level: string; message: string; fields: Record<string, unknown> }]>([
    [
      'a rate limit',
      { key: 'key_1', change: 'cooling_down', previousState: 'healthy', state: 'cooling_down', at, code: 'upstream_rate_limited', cooldownMs: 5_000 },
      { level: 'info', message: 'API key "key_1" is rate limited; cooling down.', fields: { key: 'key_1', code: 'upstream_rate_limited', cooldownMs: 5_000 } },
    ],
    [
      'an opened circuit',
      { key: 'key_1', change: 'circuit_open', previousState: 'healthy', state: 'circuit_open', at, code: 'upstream_unavailable', consecutiveFailures: 3, cooldownMs: 30_000 },
      { level: 'warn', message: 'API key "key_1" failed 3 times in a row; its circuit is open.', fields: { key: 'key_1', code: 'upstream_unavailable', consecutiveFailures: 3, cooldownMs: 30_000 } },
    ],
    [
      'a failed probe',
      { key: 'key_1', change: 'circuit_reopened', previousState: 'half_open', state: 'circuit_open', at, code: 'upstream_timeout', consecutiveFailures: 4, cooldownMs: 30_000 },
      { level: 'warn', message: 'Probe with API key "key_1" failed; its circuit opens again.', fields: { key: 'key_1', code: 'upstream_timeout', consecutiveFailures: 4, cooldownMs: 30_000 } },
    ],
    [
      'a probe',
      { key: 'key_1', change: 'probing', previousState: 'half_open', state: 'half_open', at },
      { level: 'info', message: 'Probing API key "key_1" after its circuit cooldown.', fields: { key: 'key_1' } },
    ],
    [
      'a closed circuit',
      { key: 'key_1', change: 'circuit_closed', previousState: 'half_open', state: 'healthy', at },
      { level: 'info', message: 'API key "key_1" answered; its circuit is closed.', fields: { key: 'key_1' } },
    ],
  ])('logs %s as before the observer existed', (_situation, event, expected) => {
    expect(logged(event)).toEqual([expected]);
  });

  it('logs an invalid key at error level the first time, at warn level afterwards, per key, with the retry time', () => {
    const invalid = (key: string, until: number): KeyStateChangedEvent => ({ key, change: 'invalid', previousState: 'healthy', state: 'invalid', at, code: 'upstream_authentication', until });
    const calls = logged(invalid('key_1', at + 60_000), invalid('key_2', at + 60_000), invalid('key_1', at + 120_000));
    expect(calls.map((call) => call.level)).toEqual(['error', 'error', 'warn']);
    expect(calls[0]).toEqual({
      level: 'error',
      message: 'AskSage rejected API key "key_1" as invalid; it is out of rotation. Replace or remove it in the configuration, then restart or reload.',
      fields: { key: 'key_1', code: 'upstream_authentication', retryAt: '2026-01-01T00:01:00.000Z' },
    });
    expect(calls[2]).toEqual({
      level: 'warn',
      message: 'API key "key_1" is still rejected as invalid; out of rotation again.',
      fields: { key: 'key_1', code: 'upstream_authentication', retryAt: '2026-01-01T00:02:00.000Z' },
    });
  });

  it('says when an invalid key is rechecked, names a key a recheck brought back, and is loud again if it is rejected later', () => {
    const invalid = (previousState: 'healthy' | 'invalid', recheckAt: number): KeyStateChangedEvent =>
      ({ key: 'key_1', change: 'invalid', previousState, state: 'invalid', at, code: 'upstream_authentication', until: at + 6 * 3_600_000, recheckAt });
    const restored: KeyStateChangedEvent = { key: 'key_1', change: 'restored', previousState: 'invalid', state: 'healthy', at };
    const calls = logged(invalid('healthy', at + 60_000), invalid('invalid', at + 300_000), restored, invalid('healthy', at + 400_000));
    expect(calls.map((call) => call.level)).toEqual(['error', 'warn', 'warn', 'error']);
    expect(calls[0]?.message).toBe(
      'AskSage rejected API key "key_1" as invalid; it is out of rotation. Replace or remove it in the configuration, then restart or reload. A free recheck (no tokens) runs at 2026-01-01T00:01:00.000Z.',
    );
    expect(calls[0]?.fields).toEqual({ key: 'key_1', code: 'upstream_authentication', recheckAt: '2026-01-01T00:01:00.000Z' });
    expect(calls[2]).toEqual({ level: 'warn', message: 'AskSage accepts API key "key_1" again (free recheck); it is back in rotation.', fields: { key: 'key_1' } });
  });
});
