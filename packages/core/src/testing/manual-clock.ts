import type { AbortSignalLike } from '../ports/abort-signal-like';
import type { Clock } from '../ports/clock';

/** A `Clock` whose time moves only when the test says so. */
export interface ManualClock extends Clock {
  /** Moves time forward by `ms` and resolves every `sleep` whose deadline has passed, earliest first. */
  advance(ms: number): void;
  /** Moves time to `epochMs` (never backwards) and resolves the sleeps that are due. */
  setTime(epochMs: number): void;
  /** How many `sleep` calls are still waiting: lets a test advance only once the code under test sleeps. */
  pendingSleeps(): number;
}

interface PendingSleep {
  wakeAt: number;
  resolve(): void;
}

/**
 * A clock for tests that need to observe waiting (backoff, cool-downs): `sleep` stays pending until
 * `advance`/`setTime` passes its deadline, or rejects with the signal's reason when the signal fires.
 */
export function createManualClock(startMs = 1_700_000_000_000): ManualClock {
  let current = startMs;
  let sleepers: PendingSleep[] = [];

  function wakeDue(): void {
    const due = sleepers.filter((sleeper) => sleeper.wakeAt <= current).sort((a, b) => a.wakeAt - b.wakeAt);
    sleepers = sleepers.filter((sleeper) => sleeper.wakeAt > current);
    for (const sleeper of due) sleeper.resolve();
  }

  return {
    now: () => current,
    sleep(ms: number, signal?: AbortSignalLike): Promise<void> {
      if (signal?.aborted) return Promise.reject(signal.reason ?? new Error('aborted'));
      if (ms <= 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const onAbort = (): void => {
          sleepers = sleepers.filter((sleeper) => sleeper !== entry);
          reject(signal?.reason ?? new Error('aborted'));
        };
        const entry: PendingSleep = {
          wakeAt: current + ms,
          resolve: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        sleepers.push(entry);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    advance(ms: number): void {
      current += ms;
      wakeDue();
    },
    setTime(epochMs: number): void {
      current = Math.max(current, epochMs);
      wakeDue();
    },
    pendingSleeps: () => sleepers.length,
  };
}
