import type { ChatCompletionChunk } from '@asksage-proxy/core';
import type { Response } from 'express';

/** Options of `writeChatCompletionStream`. */
export interface WriteChatCompletionStreamOptions {
  /** Gap after which a `: keep-alive` comment is sent, so proxies and clients do not time the stream out. */
  heartbeatIntervalMs: number;
  /** Renders an error thrown by the iterator as the body of an in-band `data:` frame (OpenAI's envelope). */
  renderError: (error: unknown) => unknown;
}

/** Resolves on 'drain' or 'close', whichever comes first: a closed socket never drains. */
function drainedOrClosed(response: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.on('drain', done);
    response.on('close', done);
  });
}

/**
 * Writes chunks as OpenAI-style Server-Sent Events: headers at once, one `data: <json>` per chunk, heartbeats while
 * waiting, an in-band error frame if the iterator throws, and `data: [DONE]` always (OpenAI SDKs wait for it).
 * When the client disconnects it stops iterating (`return()` lets the producer clean up) and writes nothing more.
 */
export async function writeChatCompletionStream(
  response: Response,
  chunks: AsyncIterable<ChatCompletionChunk>,
  options: WriteChatCompletionStreamOptions,
): Promise<void> {
  if (response.destroyed) {
    // The client left while the service was starting the stream: nothing to write, let the producer clean up.
    await chunks[Symbol.asyncIterator]().return?.()?.catch(() => undefined);
    return;
  }
  response.status(200);
  response.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  response.setHeader('Cache-Control', 'no-cache');
  // nginx buffers responses by default, which would hold every chunk until the end.
  response.setHeader('X-Accel-Buffering', 'no');
  response.flushHeaders();

  let closed = false;
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
  const armHeartbeat = (): void => {
    clearTimeout(heartbeat);
    heartbeat = setTimeout(() => {
      if (closed) return;
      response.write(': keep-alive\n\n');
      armHeartbeat();
    }, options.heartbeatIntervalMs);
    heartbeat.unref();
  };
  const write = async (text: string): Promise<void> => {
    if (closed) return;
    armHeartbeat();
    if (!response.write(text)) await drainedOrClosed(response);
  };

  const iterator = chunks[Symbol.asyncIterator]();
  const closedResult = closedSignal.then(() => undefined);
  try {
    armHeartbeat();
    while (!closed) {
      const next = await Promise.race([iterator.next(), closedResult]);
      if (closed || next === undefined || next.done === true) break;
      await write(`data: ${JSON.stringify(next.value)}\n\n`);
    }
  } catch (error) {
    if (!closed) await write(`data: ${JSON.stringify(options.renderError(error))}\n\n`);
  } finally {
    clearTimeout(heartbeat);
    response.off('close', onClose);
    if (closed) {
      // Fire and forget: a generator parked on an upstream await finishes once the context signal aborts it.
      iterator.return?.().catch(() => undefined);
    } else {
      response.end('data: [DONE]\n\n');
    }
  }
}
