import { request as httpRequest, createServer } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Response } from 'express';
import type { SseFrame, SseFraming } from '@asksage-proxy/core';
import { deferred, parseSseText, readUntil } from './__fixtures__/read-sse';
import { writeSseStream } from './write-sse-stream';
import type { WriteSseStreamOptions } from './write-sse-stream';

const chatFraming: SseFraming = { terminator: { data: '[DONE]' }, heartbeat: { comment: 'keep-alive' } };
const namedFraming: SseFraming = { heartbeat: { event: 'ping', data: '{"type":"ping"}' } };

/** A server whose one route writes `frames()` with `writeSseStream`; `written` settles when the writer returns. */
interface FrameServer {
  url: string;
  port: number;
  written: Promise<void>;
  close(): Promise<void>;
}

async function serveFrames(frames: () => AsyncIterable<SseFrame>, options: Partial<WriteSseStreamOptions> = {}): Promise<FrameServer> {
  const done = deferred<Promise<void>>();
  const app = express();
  app.get('/', (_request, response: Response) => {
    done.resolve(
      writeSseStream(response, frames(), {
        framing: chatFraming,
        heartbeatIntervalMs: 60_000,
        renderError: (error) => [{ event: 'error', data: String(error) }],
        ...options,
      }),
    );
  });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    written: done.promise.then((writing) => writing),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

async function* framesOf(...frames: SseFrame[]): AsyncGenerator<SseFrame> {
  yield* frames;
}

/** Serves `frames`, reads the whole body, closes. */
async function readAll(frames: () => AsyncIterable<SseFrame>, options: Partial<WriteSseStreamOptions> = {}): Promise<{ text: string; headers: Headers; status: number }> {
  const server = await serveFrames(frames, options);
  try {
    const response = await fetch(server.url);
    const text = await response.text();
    await server.written;
    return { text, headers: response.headers, status: response.status };
  } finally {
    await server.close();
  }
}

describe('writeSseStream', () => {
  it('holds the status line while only opening frames exist, and sends them with 200 and the SSE headers at the first heartbeat', async () => {
    const release = deferred();
    const server = await serveFrames(
      async function* () {
        yield { data: 'opening', opening: true };
        await release.promise;
        yield { data: 'late' };
      },
      { heartbeatIntervalMs: 30 },
    );
    try {
      // Headers arrive although the producer is still parked before its first real frame: the heartbeat sent them.
      const response = await fetch(server.url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(response.headers.get('x-accel-buffering')).toBe('no');
      release.resolve();
      const text = await response.text();
      expect(text.startsWith('data: opening\n\n: keep-alive\n\n')).toBe(true);
      expect(text.endsWith('data: late\n\ndata: [DONE]\n\n')).toBe(true);
    } finally {
      release.resolve();
      await server.close();
    }
  });

  it('sends held opening frames, in order, just before the first real frame', async () => {
    const { text, status } = await readAll(() => framesOf({ data: 'open-1', opening: true }, { data: 'open-2', opening: true }, { data: 'real' }));
    expect(status).toBe(200);
    expect(text).toBe('data: open-1\n\ndata: open-2\n\ndata: real\n\ndata: [DONE]\n\n');
  });

  it('throws a failure that comes before any real frame and writes nothing, so the error middleware answers with its status', async () => {
    const app = express();
    const failure = new Error('every key is rate limited');
    let headersSentAtFailure: boolean | undefined;
    app.get('/', (_request, response: Response) => {
      writeSseStream(response, (async function* () {
        yield { data: 'opening', opening: true };
        throw failure;
      })(), { framing: chatFraming, heartbeatIntervalMs: 60_000, renderError: () => [] }).catch((error: unknown) => {
        headersSentAtFailure = response.headersSent;
        response.status(429).json({ error: (error as Error).message });
      });
    });
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      expect(response.status).toBe(429);
      expect(await response.json()).toEqual({ error: 'every key is rate limited' });
      expect(headersSentAtFailure).toBe(false);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('writes named frames with their event line, and nothing after the last frame when the framing has no terminator', async () => {
    const frames: SseFrame[] = [{ event: 'message_start', data: '{"type":"message_start"}' }, { data: 'unnamed' }, { event: 'message_stop', data: '{}' }];
    const { text } = await readAll(() => framesOf(...frames), { framing: namedFraming });
    expect(text).toBe('event: message_start\ndata: {"type":"message_start"}\n\ndata: unnamed\n\nevent: message_stop\ndata: {}\n\n');
    expect(parseSseText(text).events).toEqual(frames);
  });

  it('ends with the terminator frame when the framing has one, also after no frames at all', async () => {
    expect((await readAll(() => framesOf({ data: '{"n":1}' }, { data: '{"n":2}' }))).text).toBe('data: {"n":1}\n\ndata: {"n":2}\n\ndata: [DONE]\n\n');
    expect((await readAll(() => framesOf())).text).toBe('data: [DONE]\n\n');
    const namedTerminator: SseFraming = { terminator: { event: 'done', data: '[DONE]' }, heartbeat: { comment: 'keep-alive' } };
    expect((await readAll(() => framesOf({ event: 'delta', data: 'x' }), { framing: namedTerminator })).text).toBe('event: delta\ndata: x\n\nevent: done\ndata: [DONE]\n\n');
  });

  it('splits multi-line data into one data line per line, so clients join it back intact', async () => {
    const frames: SseFrame[] = [{ event: 'block', data: 'line 1\nline 2\n\n  indented\n' }, { data: 'single' }];
    const { text } = await readAll(() => framesOf(...frames), { framing: namedFraming });
    expect(text).toBe('event: block\ndata: line 1\ndata: line 2\ndata: \ndata:   indented\ndata: \n\ndata: single\n\n');
    expect(parseSseText(text).events).toEqual(frames);
  });

  it.each([
    ['a comment', chatFraming, ': keep-alive\n\n'],
    ['a named frame', namedFraming, 'event: ping\ndata: {"type":"ping"}\n\n'],
  ])('sends the heartbeat as %s while the next frame is awaited', async (_kind, framing, heartbeat) => {
    const release = deferred();
    const server = await serveFrames(
      async function* () {
        yield { event: 'first', data: '1' };
        await release.promise;
        yield { event: 'second', data: '2' };
      },
      { framing, heartbeatIntervalMs: 5 },
    );
    try {
      const response = await fetch(server.url);
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      const received = { text: '' };
      await readUntil(reader, received, (text) => text.includes(`event: first\ndata: 1\n\n${heartbeat}`));
      release.resolve();
      for (let part = await reader.read(); !part.done; part = await reader.read()) received.text += new TextDecoder().decode(part.value);
      await server.written;
      const parsed = parseSseText(received.text);
      const payload = parsed.events.filter((event) => event.event !== 'ping');
      expect(payload).toEqual([{ event: 'first', data: '1' }, { event: 'second', data: '2' }, ...(framing.terminator === undefined ? [] : [framing.terminator])]);
      if ('comment' in framing.heartbeat) expect(parsed.comments.every((comment) => comment === 'keep-alive')).toBe(true);
      else expect(parsed.comments).toEqual([]);
    } finally {
      release.resolve();
      await server.close();
    }
  });

  it('renders an error thrown by the frames as the in-band frames of renderError, then the terminator', async () => {
    const failure = new Error('upstream broke');
    const rendered: unknown[] = [];
    const renderError = (error: unknown): SseFrame[] => {
      rendered.push(error);
      return [{ event: 'error', data: '{"type":"error"}' }, { data: 'second error frame' }];
    };
    const { text, status } = await readAll(
      async function* () {
        yield { data: 'before' };
        throw failure;
      },
      { renderError },
    );
    expect(status).toBe(200);
    expect(text).toBe('data: before\n\nevent: error\ndata: {"type":"error"}\n\ndata: second error frame\n\ndata: [DONE]\n\n');
    expect(rendered).toEqual([failure]);
  });

  it('ends right after the error frames when the framing has no terminator, once the stream has begun', async () => {
    const { text, status } = await readAll(
      () => (async function* () {
        yield { event: 'message_start', data: '{}', opening: true };
        yield { event: 'content_block_start', data: '{}' };
        throw new Error('failed after the first frame');
      })(),
      { framing: namedFraming, renderError: (error) => [{ event: 'error', data: JSON.stringify({ message: (error as Error).message }) }] },
    );
    expect(status).toBe(200);
    expect(text).toBe('event: message_start\ndata: {}\n\nevent: content_block_start\ndata: {}\n\nevent: error\ndata: {"message":"failed after the first frame"}\n\n');
  });

  it('stops pulling frames while the client does not read (backpressure), and delivers them all intact once it does', async () => {
    const piece = 'y'.repeat(64 * 1024);
    const total = 400;
    let pulled = 0;
    const server = await serveFrames(async function* () {
      for (let index = 0; index < total; index += 1) {
        pulled += 1;
        yield { data: `${index}:${piece}` };
      }
    });
    try {
      const incoming = await new Promise<IncomingMessage>((resolve, reject) => {
        httpRequest({ host: '127.0.0.1', port: server.port, path: '/' }, resolve).on('error', reject).end();
      });
      incoming.pause();
      // Wait until the writer is parked on 'drain': the pull count stops moving.
      let previous = -1;
      for (let still = 0; still < 20; still = pulled === previous ? still + 1 : 0) {
        previous = pulled;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(pulled).toBeLessThan(total);
      const parts: Buffer[] = [];
      incoming.on('data', (part: Buffer) => parts.push(part));
      const ended = new Promise((resolve) => incoming.on('end', resolve));
      incoming.resume();
      await ended;
      const { events } = parseSseText(Buffer.concat(parts).toString('utf8'));
      expect(events).toHaveLength(total + 1);
      expect(events.slice(0, -1).map((event) => Number(event.data.split(':')[0]))).toEqual([...Array(total).keys()]);
      expect(events.slice(0, -1).every((event) => event.data.endsWith(piece))).toBe(true);
      expect(events[total]).toEqual({ data: '[DONE]' });
      expect(pulled).toBe(total);
    } finally {
      await server.close();
    }
  });

  it('stops iterating, returns the frames and writes nothing more when the client disconnects', async () => {
    const pending = deferred<IteratorResult<SseFrame>>();
    let nextCalls = 0;
    let returnCalls = 0;
    const frames: AsyncIterableIterator<SseFrame> = {
      [Symbol.asyncIterator]: () => frames,
      next: () => {
        nextCalls += 1;
        return nextCalls === 1 ? Promise.resolve({ done: false, value: { data: 'first' } }) : pending.promise;
      },
      return: async () => {
        returnCalls += 1;
        return { done: true, value: undefined };
      },
    };
    const server = await serveFrames(() => frames, { heartbeatIntervalMs: 5 });
    try {
      const controller = new AbortController();
      const response = await fetch(server.url, { signal: controller.signal });
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      await readUntil(reader, { text: '' }, (text) => text.includes('data: first\n\n'));
      controller.abort();
      // The writer returns although the pending frame never arrives: it does not wait for a producer parked upstream.
      await server.written;
      expect(returnCalls).toBe(1);
      expect(nextCalls).toBe(2);
      pending.resolve({ done: false, value: { data: 'too late' } });
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(nextCalls).toBe(2);
    } finally {
      await server.close();
    }
  });

  it('returns the frames without pulling one when the client left before the stream started', async () => {
    let nextCalls = 0;
    let returnCalls = 0;
    const frames: AsyncIterableIterator<SseFrame> = {
      [Symbol.asyncIterator]: () => frames,
      next: async () => {
        nextCalls += 1;
        return { done: true, value: undefined };
      },
      return: async () => {
        returnCalls += 1;
        return { done: true, value: undefined };
      },
    };
    const written: string[] = [];
    const gone = { destroyed: true, write: (text: string) => written.push(text), end: (text?: string) => written.push(text ?? '') } as unknown as Response;
    await writeSseStream(gone, frames, { framing: chatFraming, heartbeatIntervalMs: 5, renderError: () => [] });
    expect(returnCalls).toBe(1);
    expect(nextCalls).toBe(0);
    expect(written).toEqual([]);
  });
});
