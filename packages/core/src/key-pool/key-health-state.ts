import type { KeyHealth } from '../ports/key-health-store';
import type { KeyState } from './key-status';

/** The key's state at `now`: outages end by themselves, an ended open circuit becomes half-open. */
export function keyStateAt(health: KeyHealth, now: number): KeyState {
  const outage = health.outage;
  if (outage === undefined) return 'healthy';
  if (now < outage.until) return outage.kind;
  return outage.kind === 'circuit_open' ? 'half_open' : 'healthy';
}

/** Whether someone holds an unlapsed probe lease on the key at `now`. */
export function isProbeInFlight(health: KeyHealth, now: number): boolean {
  return health.probe !== undefined && now < health.probe.until;
}

/** Whether `pick` may hand the key out at `now` (a half-open key only while nobody is probing it). */
export function isKeyPickable(health: KeyHealth, now: number): boolean {
  const state = keyStateAt(health, now);
  return state === 'healthy' || (state === 'half_open' && !isProbeInFlight(health, now));
}

/**
 * Whether an open circuit may serve one request early, used only when no key is usable at all: a proxy whose only
 * key failed three times in one request must not refuse everyone for the whole cooldown. One request at a time
 * probes; its answer closes or reopens the circuit. Invalid and rate-limited keys never probe early.
 */
export function canProbeEarly(health: KeyHealth, now: number): boolean {
  return keyStateAt(health, now) === 'circuit_open' && !isProbeInFlight(health, now);
}
