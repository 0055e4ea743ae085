import type { ApiKeyConfig } from './api-key-config';
import type { SmoothWeightedCandidate } from './pick-smooth-weighted';

/** Counters kept per process; they are metrics, not health, so replicas never share them. */
export interface KeyCounters {
  /** Requests handed this key. */
  requests: number;
  /** Failures held against this key. */
  failures: number;
  /** Code of the last failure held against this key. */
  lastError: string | undefined;
}

/**
 * One key as this process's pool holds it: its configuration, its smooth-WRR score (per process: each replica
 * balances its own traffic) and its counters. Health that replicas share lives in the `KeyHealthStore`.
 */
export interface KeySlot extends SmoothWeightedCandidate {
  /** The configuration, secret included. */
  readonly config: ApiKeyConfig;
  /** This process's counters for the key. */
  readonly counters: KeyCounters;
}

/** A fresh slot for a configured key. */
export function createKeySlot(config: ApiKeyConfig): KeySlot {
  return { config, weight: config.weight, current: 0, counters: { requests: 0, failures: 0, lastError: undefined } };
}
