import type { Dialect, PassthroughOutcome } from '@asksage-proxy/core';
import type { Response } from 'express';
import { drainedOrClosed } from './drained-or-closed';
import { formatSseFrame } from './format-sse-frame';

/** Options of `pipePassthroughStream`. */
export interface PipePassthroughOptions {
  /** The route's dialect: its in-band error frames and terminator end a stream that broke after its first byte. */
  dialect: Dialect;
  /** Logs the failure and returns what the client is told. */
  report: (error: unknown) => Parameters<Dialect['renderStreamError']>[0];
}

function endsEvent(chunk: Uint8Array | string): boolean {
  const text = typeof chunk === 'string' ? chunk.slice(-2) : Buffer.from(chunk.subarray(Math.max(0, chunk.length - 2))).toString('latin1');
  return text === '\n\n' || text.endsWith('\r\n');
}

/**
 * Writes AskSage's own SSE bytes to the client as they arrive: no parsing, no re-framing, no buffering beyond the
 * socket's backpressure. The stream is already in the client's dialect (the surface speaks it), so the proxy only adds
 * what a broken stream needs: the dialect's in-band error frames and terminator after an upstream failure, started on
 * a fresh line so a half-written upstream event cannot swallow them. When the client leaves, reading stops and the
 * upstream connection is closed.
 */
export async function pipePassthroughStream(response: Response, outcome: Extract<PassthroughOutcome, { kind: 'stream' }>, options: PipePassthroughOptions): Promise<void> {
  const iterator = outcome.chunks[Symbol.asyncIterator]();
  if (response.destroyed) {
    await iterator.return?.()?.catch(() => undefined);
    return;
  }
  response.status(outcome.status);
  response.setHeader('Content-Type', outcome.headers['content-type'] ?? 'text/event-stream; charset=utf-8');
  response.setHeader('Cache-Control', 'no-cache');
  // nginx buffers responses by default, which would hold every event until the end.
  response.setHeader('X-Accel-Buffering', 'no');
  response.flushHeaders();

  let closed = false;
  const onClose = (): void => {
    closed = true;
  };
  response.once('close', onClose);
  let atEventBoundary = true;
  try {
    for (;;) {
      const next = await iterator.next();
      if (next.done === true || closed) break;
      atEventBoundary = endsEvent(next.value);
      if (!response.write(next.value)) await drainedOrClosed(response);
    }
  } catch (error) {
    if (!closed) {
      const { framing } = options.dialect;
      const frames = [...options.dialect.renderStreamError(options.report(error)), ...(framing.terminator === undefined ? [] : [framing.terminator])];
      response.write((atEventBoundary ? '' : '\n\n') + frames.map(formatSseFrame).join(''));
    }
  } finally {
    response.off('close', onClose);
    if (closed) void iterator.return?.()?.catch(() => undefined);
    else response.end();
  }
}
