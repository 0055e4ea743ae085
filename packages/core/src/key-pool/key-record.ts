import type { ApiKeyConfig } from './api-key-config';
import type { KeyState, KeyStatus } from './key-status';
import type { SmoothWeightedCandidate } from './pick-smooth-weighted';

/** Why a key is out of rotation, and until when (ms epoch). */
export interface KeyOutage {
  /** `invalid`: AskSage rejected the key; `cooling_down`: rate limited; `circuit_open`: repeated failures. */
  kind: 'invalid' | 'cooling_down' | 'circuit_open';
  /** When the outage ends. An ended `circuit_open` outage means half-open, not healthy. */
  until: number;
}

/** The pool's mutable bookkeeping for one key. */
export interface KeyRecord extends SmoothWeightedCandidate {
  /** The configuration, secret included. */
  readonly config: ApiKeyConfig;
  /** Current outage, if the key has been taken out. */
  outage: KeyOutage | undefined;
  /** True while the single half-open probe request is in flight. */
  probeInFlight: boolean;
  /** Transient failures since the last success. */
  consecutiveFailures: number;
  /** Rate-limit replies since the last success, for the backoff when AskSage sends no Retry-After. */
  rateLimitStreak: number;
  /** Requests handed this key. */
  requests: number;
  /** Failures held against this key. */
  failures: number;
  /** Code of the last failure held against this key. */
  lastError: string | undefined;
  /** Whether the loud "key is invalid" error has been logged already. */
  invalidLogged: boolean;
}

/** A fresh record for a configured key. */
export function createKeyRecord(config: ApiKeyConfig): KeyRecord {
  return {
    config,
    weight: config.weight,
    current: 0,
    outage: undefined,
    probeInFlight: false,
    consecutiveFailures: 0,
    rateLimitStreak: 0,
    requests: 0,
    failures: 0,
    lastError: undefined,
    invalidLogged: false,
  };
}

/** The record's state at `now`: outages end by themselves, an ended open circuit becomes half-open. */
export function keyStateAt(record: KeyRecord, now: number): KeyState {
  const outage = record.outage;
  if (outage === undefined) return 'healthy';
  if (now < outage.until) return outage.kind;
  return outage.kind === 'circuit_open' ? 'half_open' : 'healthy';
}

/** Whether `pick` may hand the key out at `now` (a half-open key only while nobody is probing it). */
export function isKeyPickable(record: KeyRecord, now: number): boolean {
  const state = keyStateAt(record, now);
  return state === 'healthy' || (state === 'half_open' && !record.probeInFlight);
}

/**
 * Whether an open circuit may serve one request early, used only when no key is usable at all: a proxy whose only
 * key failed three times in one request must not refuse everyone for the whole cooldown. One request at a time
 * probes; its answer closes or reopens the circuit. Invalid and rate-limited keys never probe early.
 */
export function canProbeEarly(record: KeyRecord, now: number): boolean {
  return keyStateAt(record, now) === 'circuit_open' && !record.probeInFlight;
}

/** The public, secret-free view of a record. */
export function toKeyStatus(record: KeyRecord, now: number): KeyStatus {
  const state = keyStateAt(record, now);
  const status: KeyStatus = {
    name: record.config.name,
    weight: record.config.weight,
    state,
    consecutiveFailures: record.consecutiveFailures,
    requests: record.requests,
    failures: record.failures,
  };
  if (record.outage !== undefined && now < record.outage.until) status.availableAt = record.outage.until;
  if (record.lastError !== undefined) status.lastError = record.lastError;
  return status;
}
