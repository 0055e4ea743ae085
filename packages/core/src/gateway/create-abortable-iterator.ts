import type { AbortSignalLike } from '../ports/abort-signal-like';
import { createAbortLink } from './create-abort-link';
import type { AbortLink } from './create-abort-link';

/** The producer behind the link; the link is released however the producer ends. */
async function* produceLinked<T>(link: AbortLink, produce: (signal: AbortSignalLike) => AsyncIterable<T>): AsyncGenerator<T, void, undefined> {
  try {
    yield* produce(link.signal);
  } finally {
    link.dispose();
  }
}

/**
 * A class and a module-level generator, not a generator function and an object literal made per call: V8 gives every
 * generator function its own prototype, so each call's generator objects got hidden classes of their own, two per
 * streamed request (issue 9, heap snapshot of 1,000 open streams).
 */
class AbortableIterator<T> implements AsyncIterableIterator<T> {
  private readonly generator: AsyncGenerator<T, void, undefined>;

  constructor(
    private readonly link: AbortLink,
    produce: (signal: AbortSignalLike) => AsyncIterable<T>,
  ) {
    this.generator = produceLinked(link, produce);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  next(): Promise<IteratorResult<T, void>> {
    return this.generator.next();
  }

  async return(): Promise<IteratorResult<T, void>> {
    this.link.abort();
    await this.generator.return(undefined);
    return { done: true, value: undefined };
  }
}

/**
 * Wraps a producer so that stopping early cancels its upstream work: `return()` (a `break` in for-await) fires a
 * linked abort first, because an async generator's own `return()` waits for a pending `next()` that may be parked on
 * an upstream call. The producer starts on the first `next()`; the caller's signal cancels it too.
 */
export function createAbortableIterator<T>(
  signal: AbortSignalLike | undefined,
  produce: (signal: AbortSignalLike) => AsyncIterable<T>,
): AsyncIterableIterator<T> {
  return new AbortableIterator(createAbortLink(signal), produce);
}
