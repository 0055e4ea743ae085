import type { AbortSignalLike, Clock } from '@asksage-proxy/core';

/**
 * The real `Clock`: wall time from `Date.now` and a `setTimeout` sleep that rejects with the signal's reason as
 * soon as the signal fires, so a retry backoff never outlives a client that has gone away.
 */
export function createSystemClock(): Clock {
  return {
    now: () => Date.now(),
    sleep(ms: number, signal?: AbortSignalLike): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason ?? new Error('aborted'));
          return;
        }
        const onAbort = (): void => {
          clearTimeout(timer);
          reject(signal?.reason ?? new Error('aborted'));
        };
        const timer = setTimeout(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }, Math.max(0, ms));
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}
