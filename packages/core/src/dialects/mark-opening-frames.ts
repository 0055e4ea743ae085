import type { CompletionEvent } from '../conversation/completion-event';
import type { SseFrame } from './dialect';

/**
 * The renderer's frames, marked `opening` until it first asks for an event. An iterator over the renderer's own, not
 * a generator around it: once the first event is asked for, `next()` is the renderer's `next()` itself, so the frames
 * of a long stream pay no extra promise turn each.
 */
class OpeningFrameMarker implements AsyncIterableIterator<SseFrame> {
  private asked = false;
  private readonly frames: AsyncIterator<SseFrame>;

  constructor(events: AsyncIterable<CompletionEvent>, render: (events: AsyncIterable<CompletionEvent>) => AsyncIterable<SseFrame>) {
    const watched: AsyncIterable<CompletionEvent> = {
      [Symbol.asyncIterator]: () => {
        const iterator = events[Symbol.asyncIterator]();
        return {
          next: () => {
            this.asked = true;
            return iterator.next();
          },
          return: async () => (await iterator.return?.()) ?? { done: true, value: undefined },
        };
      },
    };
    this.frames = render(watched)[Symbol.asyncIterator]();
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<SseFrame> {
    return this;
  }

  next(): Promise<IteratorResult<SseFrame, undefined>> {
    if (this.asked) return this.frames.next();
    // Judged when the frame arrives, as the renderer may ask for the first event while producing it.
    return this.frames.next().then((result) => (result.done === true || this.asked ? result : { done: false, value: { ...result.value, opening: true } }));
  }

  async return(): Promise<IteratorResult<SseFrame, undefined>> {
    await this.frames.return?.();
    return { done: true, value: undefined };
  }
}

/**
 * Runs `render` over `events` and marks the frames it yields before it first asks for an event (`opening`: chat's
 * role chunk, `message_start`, `response.created`): nothing from AskSage is in them yet, so a writer may hold them,
 * with the status line, until the first event, and answer a failure before it with a real HTTP status.
 */
export function markOpeningFrames(
  events: AsyncIterable<CompletionEvent>,
  render: (events: AsyncIterable<CompletionEvent>) => AsyncIterable<SseFrame>,
): AsyncIterableIterator<SseFrame> {
  return new OpeningFrameMarker(events, render);
}
