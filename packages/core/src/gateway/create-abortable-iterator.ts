import type { AbortSignalLike } from '../ports/abort-signal-like';
import { createAbortLink } from './create-abort-link';

/**
 * Wraps a producer so that stopping early cancels its upstream work: `return()` (a `break` in for-await) fires a
 * linked abort first, because an async generator's own `return()` waits for a pending `next()` that may be parked on
 * an upstream call. The producer starts on the first `next()`; the caller's signal cancels it too.
 */
export function createAbortableIterator<T>(
  signal: AbortSignalLike | undefined,
  produce: (signal: AbortSignalLike) => AsyncIterable<T>,
): AsyncIterableIterator<T> {
  const link = createAbortLink(signal);
  async function* generate(): AsyncGenerator<T, void, undefined> {
    try {
      yield* produce(link.signal);
    } finally {
      link.dispose();
    }
  }
  const generator = generate();
  const iterator: AsyncIterableIterator<T> = {
    [Symbol.asyncIterator]: () => iterator,
    next: () => generator.next(),
    return: async () => {
      link.abort();
      await generator.return(undefined);
      return { done: true, value: undefined };
    },
  };
  return iterator;
}
