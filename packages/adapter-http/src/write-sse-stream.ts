import type { SseFrame, SseFraming } from '@asksage-proxy/core';
import type { Response } from 'express';
import { drainedOrClosed } from './drained-or-closed';
import { formatSseFrame } from './format-sse-frame';

/** Options of `writeSseStream`. */
export interface WriteSseStreamOptions {
  /** The dialect's terminator and heartbeat. */
  framing: SseFraming;
  /** Gap after which a heartbeat is sent, so proxies and clients do not time the stream out. */
  heartbeatIntervalMs: number;
  /** Renders an error thrown by the frames as the dialect's in-band frame(s). */
  renderError: (error: unknown) => SseFrame[];
}

/**
 * Writes frames as Server-Sent Events. It knows frames, not payloads (hono's SSE helper is the model): each frame as
 * it comes, the dialect's heartbeat while waiting, its in-band error frame(s) if the frames throw, and its terminator
 * always (OpenAI SDKs wait for `[DONE]`). When the client disconnects it stops iterating (`return()` lets the
 * producer cancel the upstream call) and writes nothing more.
 *
 * The status line waits for AskSage: `opening` frames (rendered before the first upstream event) are held, with the
 * 200 and the headers, until the first real frame or the first heartbeat is due. A failure before then (every key
 * rate limited, AskSage overloaded) is thrown, not written, so the error middleware answers it with its real status
 * and `Retry-After`, which the SDKs and coding agents retry on; a failure after it is the dialect's in-band error.
 */
export async function writeSseStream(response: Response, frames: AsyncIterable<SseFrame>, options: WriteSseStreamOptions): Promise<void> {
  if (response.destroyed) {
    // The client left while the stream was starting: nothing to write, let the producer clean up.
    await frames[Symbol.asyncIterator]().return?.()?.catch(() => undefined);
    return;
  }
  const heartbeatText = 'comment' in options.framing.heartbeat ? `: ${options.framing.heartbeat.comment}\n\n` : formatSseFrame(options.framing.heartbeat);
  let closed = false;
  let committed = false;
  let held = '';
  let heartbeat: NodeJS.Timeout | undefined;
  let onClose: () => void = () => undefined;
  const closedSignal = new Promise<void>((resolve) => {
    onClose = () => {
      closed = true;
      clearTimeout(heartbeat);
      resolve();
    };
    response.once('close', onClose);
  });
  /** Sends the status line, the headers and the held opening frames: from here on, failures are in-band. */
  const commit = (): void => {
    if (committed) return;
    committed = true;
    response.status(200);
    response.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    response.setHeader('Cache-Control', 'no-cache');
    // nginx buffers responses by default, which would hold every frame until the end.
    response.setHeader('X-Accel-Buffering', 'no');
    if (held === '') response.flushHeaders();
    else response.write(held);
    held = '';
  };
  const armHeartbeat = (): void => {
    clearTimeout(heartbeat);
    heartbeat = setTimeout(() => {
      if (closed) return;
      commit();
      response.write(heartbeatText);
      armHeartbeat();
    }, options.heartbeatIntervalMs);
    heartbeat.unref();
  };
  const write = async (text: string): Promise<void> => {
    if (closed) return;
    commit();
    armHeartbeat();
    if (!response.write(text)) await drainedOrClosed(response);
  };

  const iterator = frames[Symbol.asyncIterator]();
  const closedResult = closedSignal.then(() => undefined);
  let rethrow = false;
  try {
    armHeartbeat();
    while (!closed) {
      const next = await Promise.race([iterator.next(), closedResult]);
      if (closed || next === undefined || next.done === true) break;
      if (next.value.opening === true && !committed) held += formatSseFrame(next.value);
      else await write(formatSseFrame(next.value));
    }
  } catch (error) {
    if (!committed && !closed) {
      rethrow = true;
      throw error;
    }
    if (!closed) await write(options.renderError(error).map(formatSseFrame).join(''));
  } finally {
    clearTimeout(heartbeat);
    response.off('close', onClose);
    if (closed) {
      // Fire and forget: a producer parked on an upstream await finishes once the context signal aborts it.
      iterator.return?.().catch(() => undefined);
    } else if (!rethrow) {
      commit();
      response.end(options.framing.terminator === undefined ? undefined : formatSseFrame(options.framing.terminator));
    }
  }
}
