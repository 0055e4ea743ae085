/** A promise with its resolver outside, to let a test drive a fake producer step by step. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** Reads a response body until `predicate` holds on what was received so far (kept in `received.text`). */
export async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, received: { text: string }, predicate: (text: string) => boolean): Promise<void> {
  const decoder = new TextDecoder();
  while (!predicate(received.text)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`stream ended before the expected data; got: ${received.text}`);
    received.text += decoder.decode(value, { stream: true });
  }
}

/** The `data:` payloads of an SSE body of unnamed single-line frames, in order. */
export function dataFrames(text: string): string[] {
  return text.split('\n\n').filter((frame) => frame.startsWith('data: ')).map((frame) => frame.slice('data: '.length));
}

/** One event as an SSE client sees it. */
export interface ParsedSseEvent {
  event?: string;
  data: string;
}

/**
 * Parses an SSE body the way the spec's client does (the data lines of an event joined with "\n", one space after the
 * colon dropped), and collects comment lines apart: a check that framing round-trips, independent of the writer.
 */
export function parseSseText(text: string): { events: ParsedSseEvent[]; comments: string[] } {
  const events: ParsedSseEvent[] = [];
  const comments: string[] = [];
  for (const block of text.split('\n\n').filter((part) => part !== '')) {
    let event: string | undefined;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === '') comments.push(value);
      else if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length > 0) events.push(event === undefined ? { data: data.join('\n') } : { event, data: data.join('\n') });
  }
  return { events, comments };
}
