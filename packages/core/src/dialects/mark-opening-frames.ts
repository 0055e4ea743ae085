import type { CompletionEvent } from '../conversation/completion-event';
import type { SseFrame } from './dialect';

/**
 * Runs `render` over `events` and marks the frames it yields before it first asks for an event (`opening`: chat's
 * role chunk, `message_start`, `response.created`): nothing from AskSage is in them yet, so a writer may hold them,
 * with the status line, until the first event, and answer a failure before it with a real HTTP status.
 */
export async function* markOpeningFrames(
  events: AsyncIterable<CompletionEvent>,
  render: (events: AsyncIterable<CompletionEvent>) => AsyncIterable<SseFrame>,
): AsyncGenerator<SseFrame, void, undefined> {
  let asked = false;
  const watched: AsyncIterable<CompletionEvent> = {
    [Symbol.asyncIterator]() {
      const iterator = events[Symbol.asyncIterator]();
      return {
        next: () => {
          asked = true;
          return iterator.next();
        },
        return: async () => (await iterator.return?.()) ?? { done: true, value: undefined },
      };
    },
  };
  for await (const frame of render(watched)) yield asked ? frame : { ...frame, opening: true };
}
