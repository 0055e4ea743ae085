import type { ServerResponse } from 'node:http';
import { buildQueryEnvelope } from './build-query-envelope';
import type { QueryReply } from './compose-query-reply';

/** The literal frame delimiter of AskSage's streams (protocol doc §2.5). */
export const STREAM_FRAME_SEPARATOR = '@|@sep@|@';

const CHARACTERS_PER_FRAME = 256;
const MAX_YIELD_FRAMES = 8;
// A one-word recorded answer came back as the final frame alone (query-success-usage.json).
const MIN_STREAMED_LENGTH = 16;

/** Options of writeQueryStream. */
export interface QueryStreamOptions {
  mode: 'delta' | 'cumulative' | 'single' | 'contradicting';
  generation: '2026-09' | '2026-04';
  /** After the first yield frame, send AskSage's streaming error frame and drop the connection. */
  failMidStream: boolean;
  /** Milliseconds between frames (paced streaming). */
  pauseMs: number;
  /** Awaited after the first frame (ordering tests hold the rest of the stream). */
  gate: Promise<void> | undefined;
  /** Called for every frame written. */
  onFrame: () => void;
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Writes `streaming: true` / `/query_stream` replies: HTTP 200 `text/plain; charset=utf-8` (not SSE), frames
 * joined by `@|@sep@|@`, some `type:"yield"` frames with partial `message`, then the final full envelope.
 * Whether yield frames carry deltas or cumulative text is UNCERTAIN, hence the mode switch. Paced by `pauseMs`, and
 * held after the first frame while `gate` is pending, so tests can show a client sees text before the end.
 */
export async function writeQueryStream(response: ServerResponse, reply: QueryReply, options: QueryStreamOptions): Promise<void> {
  if (response.destroyed) return;
  response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
  // 'contradicting': the frames stream a draft that the final envelope's text does not continue.
  // (After the blank lines AskSage streams first, as the other modes keep them.)
  const streamedText = options.mode === 'contradicting' ? reply.streamedText.replace(/^(\s*)/, '$1(draft) ') : reply.streamedText;
  const pieces = options.mode === 'single' && !options.failMidStream ? [] : splitText(streamedText);
  if (options.failMidStream && pieces.length === 0) pieces.push(streamedText);
  const uuid = reply.envelope.uuid as string;
  let sent = '';
  const pace = async (index: number): Promise<void> => {
    options.onFrame();
    if (index === 0 && options.gate !== undefined) await options.gate;
    if (options.pauseMs > 0) await delay(options.pauseMs);
  };
  for (const [index, piece] of pieces.entries()) {
    if (response.destroyed) return;
    sent += piece;
    const frame = buildQueryEnvelope({
      generation: options.generation,
      message: options.mode === 'cumulative' ? sent : piece,
      type: 'yield',
      toolCalls: null,
      toolCallsUnified: null,
      usage: null,
      provenance: null,
      uuid,
    });
    response.write((index > 0 ? STREAM_FRAME_SEPARATOR : '') + JSON.stringify(frame));
    if (options.failMidStream) {
      // Held and paced like any frame, so a test can show the client had text before the stream broke.
      await pace(index);
      if (response.destroyed) return;
      options.onFrame();
      // [SPEC-FULL] names the mid-stream error event "error_500_streaming_event"; its exact frame is a guess.
      const errorFrame = { response: 'error_500_streaming_event', message: 'An error occurred while streaming the response.', type: 'error', status: 500 };
      response.write(STREAM_FRAME_SEPARATOR + JSON.stringify(errorFrame), () => response.socket?.destroy());
      return;
    }
    await pace(index);
  }
  if (response.destroyed) return;
  options.onFrame();
  response.end((pieces.length > 0 ? STREAM_FRAME_SEPARATOR : '') + JSON.stringify(reply.envelope));
}

/** Splits text into up to MAX_YIELD_FRAMES pieces, never between the two halves of a surrogate pair (also the compatibility surfaces' deltas). */
export function splitText(text: string): string[] {
  if (text.length < MIN_STREAMED_LENGTH) return [];
  const count = Math.min(MAX_YIELD_FRAMES, Math.max(2, Math.ceil(text.length / CHARACTERS_PER_FRAME)));
  const size = Math.ceil(text.length / count);
  const pieces: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + size);
    const code = text.charCodeAt(end);
    if (end < text.length && code >= 0xdc00 && code <= 0xdfff) end += 1;
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}
