import { createAbortLink } from './create-abort-link';
import { createAbortableIterator } from './create-abortable-iterator';
import type { AbortSignalLike } from '../ports/abort-signal-like';

describe('createAbortableIterator', () => {
  it('yields what the producer yields, and starts it only on the first next()', async () => {
    let started = false;
    const iterator = createAbortableIterator(undefined, async function* () {
      started = true;
      yield 1;
      yield 2;
    });
    expect(started).toBe(false);
    const seen: number[] = [];
    for await (const value of iterator) seen.push(value);
    expect(seen).toEqual([1, 2]);
    expect(started).toBe(true);
  });

  it('a break fires the producer signal before waiting for a producer parked on upstream work', async () => {
    let producerSignal: AbortSignalLike | undefined;
    const iterator = createAbortableIterator(undefined, async function* (signal) {
      producerSignal = signal;
      yield 'first';
      // Parked until aborted, as an upstream call would be.
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
      yield 'never';
    });
    const order: string[] = [];
    for await (const value of iterator) {
      order.push(value);
      break;
    }
    order.push(`aborted: ${String(producerSignal?.aborted)}`);
    expect(order).toEqual(['first', 'aborted: true']);
  });

  it('the caller signal aborts the producer, and a finished producer leaves no listener on it', async () => {
    const caller = createAbortLink();
    const iterator = createAbortableIterator(caller.signal, async function* (signal) {
      yield signal.aborted;
      caller.abort();
      yield signal.aborted;
    });
    const seen: boolean[] = [];
    for await (const value of iterator) seen.push(value);
    expect(seen).toEqual([false, true]);

    const removed: string[] = [];
    const watched: AbortSignalLike = {
      aborted: false,
      addEventListener: () => undefined,
      removeEventListener: (type) => removed.push(type),
    };
    for await (const value of createAbortableIterator(watched, async function* () {
      yield 0;
    })) void value;
    expect(removed).toEqual(['abort']);
  });
});
