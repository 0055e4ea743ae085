import { ProxyError } from '../errors/proxy-error';
import { classifyUpstreamFailure } from './classify-upstream-failure';
import { interpretAskSageReply } from './interpret-asksage-reply';
import { readEnvelopeStatus } from './read-envelope-status';
import { readUpstreamErrorText } from './read-upstream-error-text';
import type { AskSageQueryResponse } from '../types/asksage';
import { createUtf8StreamDecoder } from './create-utf8-stream-decoder';
import { createYieldTextTracker } from './create-yield-text-tracker';

/** The literal delimiter between the JSON frames of AskSage's `streaming: true` replies (protocol doc §2.5). */
export const askSageFrameSeparator = '@|@sep@|@';
// The escaped form of a separator inside a frame, as phase0/probe/lib/streams.mjs un-escapes it; the escape rule
// is that probe's assumption (UNCERTAIN), and harmless when AskSage never sends it.
const escapedFrameSeparator = '@|@@sep@@|@';

/** What the reader makes of the bytes so far, in order. */
export type AskSageFrameRead =
  /** New text from a `type:"yield"` frame, never text already given. */
  | { type: 'text-delta'; delta: string }
  /**
   * The final envelope, already checked with `interpretAskSageReply`: authoritative for tool calls, usage and text.
   * `remainingText` is its text after everything the deltas gave. `textMismatch` is true when its text does not
   * continue the deltas (then `remainingText` is ''): the caller should not trust what it streamed and fall back.
   */
  | { type: 'final'; reply: AskSageQueryResponse; remainingText: string; textMismatch: boolean }
  /** AskSage's error frame, an error envelope, or an unreadable or unfinished stream. The last read. */
  | { type: 'error'; error: ProxyError };

/** An incremental reader of one `/query` reply: push network reads as they come, then `end()`. */
export interface AskSageFrameReader {
  /** Reads one network read (bytes, or text already decoded); returns what it completes. */
  push(chunk: Uint8Array | string): AskSageFrameRead[];
  /** The body ended: returns the final envelope or an error (plus any text only the end completed). */
  end(): AskSageFrameRead[];
}

function badStream(message: string): ProxyError {
  return new ProxyError('upstream_bad_response', message, { isRetryable: true, keyVerdict: 'failure' });
}

function parseFrame(text: string): Record<string, unknown> | undefined {
  const unescaped = text.includes(escapedFrameSeparator) ? text.replaceAll(escapedFrameSeparator, askSageFrameSeparator) : text;
  try {
    const value: unknown = JSON.parse(unescaped);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function readFrameError(frame: Record<string, unknown>): ProxyError | undefined {
  const status = readEnvelopeStatus(frame);
  if (frame.type !== 'error' && (status === undefined || status < 400)) return undefined;
  // [SPEC-FULL] names the mid-stream error "error_500_streaming_event"; its frame carries no reliable status.
  return classifyUpstreamFailure({ status: status !== undefined && status >= 400 ? status : 500, text: readUpstreamErrorText(frame) });
}

function toProxyError(error: unknown): ProxyError {
  return error instanceof ProxyError ? error : badStream('AskSage sent a final reply the proxy cannot read.');
}

/**
 * Reads AskSage's `@|@sep@|@` stream (or a plain JSON body, from a tenant that ignores `streaming`) without
 * waiting for the whole body: frames split across reads, UTF-8 sequences split across reads, delta or cumulative
 * yield frames (see `createYieldTextTracker`), the error frame, and the final envelope. A yield frame is read as
 * soon as it is complete JSON, not when the next separator arrives. A piece between separators that is not JSON is
 * taken to hold an unescaped separator inside a message and is joined with the next piece. Pure: no I/O, no timers.
 */
export function createAskSageFrameReader(): AskSageFrameReader {
  const decoder = createUtf8StreamDecoder();
  const tracker = createYieldTextTracker();
  let buffer = '';
  // Where the next separator search starts: past text already scanned and past separators inside a message.
  let searchFrom = 0;
  // The buffer started with a frame that was read already; the separator after it is still to come.
  let frameConsumed = false;
  let finalFrame: Record<string, unknown> | undefined;
  let done = false;

  function handleFrame(frame: Record<string, unknown>, reads: AskSageFrameRead[]): void {
    const error = readFrameError(frame);
    if (error) {
      reads.push({ type: 'error', error });
      done = true;
    } else if (frame.type === 'yield') {
      const delta = tracker.next(typeof frame.message === 'string' ? frame.message : '');
      if (delta !== '') reads.push({ type: 'text-delta', delta });
    } else {
      finalFrame = frame;
    }
  }

  function readFrames(reads: AskSageFrameRead[]): void {
    while (!done) {
      const index = buffer.indexOf(askSageFrameSeparator, searchFrom);
      if (index < 0) {
        // No separator starts in what was scanned: the next read resumes where one could still be completing.
        searchFrom = Math.max(searchFrom, buffer.length - askSageFrameSeparator.length + 1);
        break;
      }
      const piece = buffer.slice(0, index);
      const rest = buffer.slice(index + askSageFrameSeparator.length);
      if (piece.trim() === '') {
        [buffer, searchFrom, frameConsumed] = [rest, 0, false];
        continue;
      }
      const frame = frameConsumed ? undefined : parseFrame(piece);
      if (frameConsumed) {
        reads.push({ type: 'error', error: badStream('AskSage sent text after a frame without a separator.') });
        done = true;
      } else if (frame) {
        [buffer, searchFrom] = [rest, 0];
        handleFrame(frame, reads);
      } else {
        searchFrom = index + askSageFrameSeparator.length;
      }
    }
    if (!done && !frameConsumed && buffer.trimEnd().endsWith('}')) {
      const frame = parseFrame(buffer);
      if (frame) {
        [buffer, searchFrom, frameConsumed] = ['', 0, true];
        handleFrame(frame, reads);
      }
    }
  }

  function push(chunk: Uint8Array | string): AskSageFrameRead[] {
    if (done) return [];
    buffer += typeof chunk === 'string' ? chunk : decoder.decode(chunk);
    const reads: AskSageFrameRead[] = [];
    readFrames(reads);
    return reads;
  }

  function end(): AskSageFrameRead[] {
    if (done) return [];
    buffer += decoder.flush();
    const reads: AskSageFrameRead[] = [];
    readFrames(reads);
    if (done) return reads;
    done = true;
    if (buffer.trim() !== '') {
      const frame = parseFrame(buffer);
      if (!frame) return [...reads, { type: 'error', error: badStream('AskSage ended its reply in the middle of a frame.') }];
      handleFrame(frame, reads);
      if (reads.at(-1)?.type === 'error') return reads;
    }
    if (!finalFrame) return [...reads, { type: 'error', error: badStream('AskSage ended its reply without the final envelope.') }];
    try {
      const reply = interpretAskSageReply(finalFrame);
      const remainingText = tracker.finish(typeof reply.message === 'string' ? reply.message : '');
      reads.push({ type: 'final', reply, remainingText: remainingText ?? '', textMismatch: remainingText === undefined });
    } catch (error) {
      reads.push({ type: 'error', error: toProxyError(error) });
    }
    return reads;
  }

  return { push, end };
}
