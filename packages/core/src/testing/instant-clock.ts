import type { AbortSignalLike } from '../ports/abort-signal-like';
import type { Clock } from '../ports/clock';

/** A `Clock` that never waits: `sleep(ms)` resolves at once and moves `now` forward by `ms`. */
export interface InstantClock extends Clock {
  /** Every `sleep` duration asked for, in call order (e.g. to check a backoff schedule). */
  readonly sleeps: readonly number[];
  /** Moves time forward without a sleep (e.g. to let a cool-down expire). */
  advance(ms: number): void;
}

/**
 * A clock for retry/backoff and key-pool tests: sleeping costs no wall time, yet time-based state
 * (cool-downs, circuit breakers) still sees the time pass, so a suite stays fast and deterministic.
 */
export function createInstantClock(startMs = 1_700_000_000_000): InstantClock {
  let current = startMs;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => current,
    sleep(ms: number, signal?: AbortSignalLike): Promise<void> {
      if (signal?.aborted) return Promise.reject(signal.reason ?? new Error('aborted'));
      sleeps.push(ms);
      current += Math.max(0, ms);
      return Promise.resolve();
    },
    advance(ms: number): void {
      current += ms;
    },
  };
}

/**
 * A clock frozen at 2023-11-14T22:13:20Z whose `sleep` resolves at once without moving time: for tests
 * that only need a stable `created` timestamp.
 */
export const fixedClock: Clock = {
  now: () => 1_700_000_000_000,
  sleep: (_ms: number, signal?: AbortSignalLike) =>
    signal?.aborted ? Promise.reject(signal.reason ?? new Error('aborted')) : Promise.resolve(),
};
