import type { CompletionEvent } from '../conversation/completion-event';
import type { SseFrame } from './dialect';
import { markOpeningFrames } from './mark-opening-frames';

async function* eventsOf(...events: CompletionEvent[]): AsyncGenerator<CompletionEvent> {
  yield* events;
}

async function* render(events: AsyncIterable<CompletionEvent>): AsyncGenerator<SseFrame> {
  yield { data: 'start' };
  yield { data: 'still before any event' };
  for await (const event of events) yield { data: event.type };
  yield { data: 'end' };
}

describe('markOpeningFrames', () => {
  it('marks the frames rendered before the first event is asked for, and no other', async () => {
    const frames: SseFrame[] = [];
    for await (const frame of markOpeningFrames(eventsOf({ type: 'text-delta', delta: 'a' }, { type: 'finish', finishReason: 'stop' }), render)) frames.push(frame);
    expect(frames).toEqual([
      { data: 'start', opening: true },
      { data: 'still before any event', opening: true },
      { data: 'text-delta' },
      { data: 'finish' },
      { data: 'end' },
    ]);
  });

  it('stopping early returns the renderer and, through it, the events', async () => {
    const closed: string[] = [];
    async function* events(): AsyncGenerator<CompletionEvent> {
      try {
        yield { type: 'text-delta', delta: 'a' };
        yield { type: 'text-delta', delta: 'b' };
      } finally {
        closed.push('events');
      }
    }
    const seen: string[] = [];
    for await (const frame of markOpeningFrames(events(), render)) {
      seen.push(frame.data);
      if (frame.data === 'text-delta') break;
    }
    expect(seen).toEqual(['start', 'still before any event', 'text-delta']);
    expect(closed).toEqual(['events']);
  });
});
