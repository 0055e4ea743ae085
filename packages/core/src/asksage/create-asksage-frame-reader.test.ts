import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { askSageFrameSeparator, createAskSageFrameReader, type AskSageFrameRead } from './create-asksage-frame-reader';

const fixtureFolder = join(__dirname, '../../../../fixtures/asksage');
const fixture = (name: string): Buffer => readFileSync(join(fixtureFolder, `${name}.frames.txt`));
const fixtureAnswer = (name: string): string => (JSON.parse(fixture(name).toString('utf8').split(askSageFrameSeparator).at(-1) as string) as { message: string }).message;

function readAll(reads: Array<Uint8Array | string>): AskSageFrameRead[] {
  const reader = createAskSageFrameReader();
  return [...reads.flatMap((read) => reader.push(read)), ...reader.end()];
}

function streamedText(reads: AskSageFrameRead[]): string {
  return reads.map((read) => (read.type === 'text-delta' ? read.delta : read.type === 'final' ? read.remainingText : '')).join('');
}

function finalOf(reads: AskSageFrameRead[]): Extract<AskSageFrameRead, { type: 'final' }> {
  const final = reads.at(-1);
  if (final?.type !== 'final') throw new Error(`expected a final read, got ${JSON.stringify(final)}`);
  return final;
}

function errorOf(reads: AskSageFrameRead[]): Extract<AskSageFrameRead, { type: 'error' }>['error'] {
  const last = reads.at(-1);
  if (last?.type !== 'error') throw new Error(`expected an error read, got ${JSON.stringify(last)}`);
  return last.error;
}

/** The same body cut into two reads at every byte offset, so frames, separators and UTF-8 sequences split. */
function everyTwoWayCut(body: Buffer): Array<Array<Uint8Array>> {
  return Array.from({ length: body.length + 1 }, (_, offset) => [body.subarray(0, offset), body.subarray(offset)]);
}

describe('createAskSageFrameReader on simulator streams', () => {
  it.each(['simulator-delta', 'simulator-cumulative', 'simulator-2026-04-delta'])('gives the whole answer once, in several deltas, from %s', (name) => {
    const reads = readAll([fixture(name)]);
    expect(reads.filter((read) => read.type === 'text-delta').length).toBeGreaterThan(1);
    expect(streamedText(reads)).toBe(fixtureAnswer(name));
    expect(finalOf(reads)).toMatchObject({ remainingText: '', textMismatch: false });
  });

  it.each(['simulator-delta', 'simulator-cumulative'])('reads %s the same whatever byte the reads are cut on', (name) => {
    const body = fixture(name);
    const answer = fixtureAnswer(name);
    for (const reads of everyTwoWayCut(body)) {
      const result = readAll(reads);
      expect(streamedText(result)).toBe(answer);
      expect(finalOf(result).textMismatch).toBe(false);
    }
    const oneByteReads = readAll(Array.from(body, (byte) => Uint8Array.of(byte)));
    expect(streamedText(oneByteReads)).toBe(answer);
  });

  it('gives a yield frame as soon as it is complete, before the next separator arrives', () => {
    const body = fixture('simulator-delta').toString('utf8');
    const firstFrame = body.slice(0, body.indexOf(askSageFrameSeparator));
    const reader = createAskSageFrameReader();
    const reads = reader.push(firstFrame);
    expect(reads).toEqual([{ type: 'text-delta', delta: (JSON.parse(firstFrame) as { message: string }).message }]);
  });

  it('takes usage and tool calls from the final envelope', () => {
    const delta = finalOf(readAll([fixture('simulator-delta')]));
    expect(delta.reply.usage).toEqual({ model_tokens: { completion_tokens: 160, prompt_tokens: 40, total_tokens: 200 }, asksage_tokens: 12 });
    const reads = readAll([fixture('simulator-tool-calls')]);
    expect(reads).toHaveLength(1);
    const final = finalOf(reads);
    expect(final.reply.tool_calls).toEqual([{ id: 'call_weather1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }]);
    expect(final).toMatchObject({ remainingText: '', textMismatch: false });
  });

  it("turns AskSage's mid-stream error frame into an error after the text it streamed, and reads nothing more", () => {
    const reader = createAskSageFrameReader();
    const reads = reader.push(fixture('simulator-error-mid-stream'));
    expect(reads.map((read) => read.type)).toEqual(['text-delta', 'error']);
    expect(errorOf(reads)).toMatchObject({ code: 'upstream_unavailable', isRetryable: true });
    expect(reader.push(`${askSageFrameSeparator}{"type":"yield","message":"more"}`)).toEqual([]);
    expect(reader.end()).toEqual([]);
  });
});

describe('createAskSageFrameReader on recorded bodies', () => {
  it('reads the recorded one-frame stream as a final envelope whose text was not streamed yet', () => {
    const final = finalOf(readAll([fixture('recorded-query-stream-success-usage')]));
    expect(final).toMatchObject({ remainingText: '\n\nOK', textMismatch: false });
    expect(final.reply.usage?.asksage_tokens).toBe(63);
  });

  it('reads a plain JSON body, from a tenant that ignores streaming, as the final envelope or its error', () => {
    expect(errorOf(readAll([fixture('recorded-query-retired-model-teach')]))).toMatchObject({ code: 'model_not_found' });
    expect(errorOf(readAll([fixture('recorded-token-invalid-2')]))).toMatchObject({ code: 'upstream_authentication', keyVerdict: 'invalid' });
  });

  it('accepts the delimiter before the frame as well as after it', () => {
    const frame = fixture('recorded-query-stream-success-usage').toString('utf8').replace(askSageFrameSeparator, '');
    expect(finalOf(readAll([askSageFrameSeparator, frame])).remainingText).toBe('\n\nOK');
  });
});

describe('createAskSageFrameReader on awkward streams', () => {
  const yieldFrame = (message: string): string => JSON.stringify({ type: 'yield', message, status: 200 });
  const finalFrame = (message: string): string => JSON.stringify({ type: 'completion', response: 'OK', message, status: 200 });
  const stream = (...frames: string[]): string => frames.join(askSageFrameSeparator);

  it('reports a mismatch when the final text does not continue what was streamed', () => {
    const reads = readAll([stream(yieldFrame('Hello'), yieldFrame(' there'), finalFrame('Goodbye'))]);
    expect(streamedText(reads)).toBe('Hello there');
    expect(finalOf(reads)).toMatchObject({ remainingText: '', textMismatch: true });
  });

  it('gives the rest of the final text when the yields stopped early', () => {
    const reads = readAll([stream(yieldFrame('Hel'), yieldFrame('Hello'), finalFrame('Hello, world'))]);
    expect(reads.slice(0, -1)).toEqual([{ type: 'text-delta', delta: 'Hel' }, { type: 'text-delta', delta: 'lo' }]);
    expect(finalOf(reads).remainingText).toBe(', world');
  });

  it('keeps a delta stream a delta stream when a later delta repeats the text so far', () => {
    const reads = readAll([stream(yieldFrame('ab'), yieldFrame('c'), yieldFrame('abc'), finalFrame('abcabc'))]);
    expect(streamedText(reads)).toBe('abcabc');
    expect(finalOf(reads).textMismatch).toBe(false);
  });

  it('reads a separator inside a message, escaped or not', () => {
    const text = `a ${askSageFrameSeparator} b`;
    const unescaped = readAll([stream(yieldFrame(text), finalFrame(text))]);
    expect(streamedText(unescaped)).toBe(text);
    const escaped = stream(yieldFrame(text), finalFrame(text)).replaceAll(`"a ${askSageFrameSeparator} b"`, '"a @|@@sep@@|@ b"');
    expect(streamedText(readAll([escaped]))).toBe(text);
  });

  it('reports a stream that ends inside a frame, or without the final envelope', () => {
    expect(errorOf(readAll([stream(yieldFrame('Hi'), '{"type":"compl')]))).toMatchObject({ code: 'upstream_bad_response', isRetryable: true });
    expect(errorOf(readAll([stream(yieldFrame('Hi'))]))).toMatchObject({ code: 'upstream_bad_response' });
    expect(errorOf(readAll(['']))).toMatchObject({ code: 'upstream_bad_response' });
  });

  it('reports a character cut off after the last frame (U+FFFD, not JSON) instead of dropping it silently', () => {
    const body = Buffer.from(stream(yieldFrame('x'), finalFrame('x')));
    const reads = readAll([body, Uint8Array.of(0xf0, 0x9f)]);
    expect(errorOf(reads)).toMatchObject({ code: 'upstream_bad_response' });
  });
});
