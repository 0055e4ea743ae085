import { ProxyError } from '@asksage-proxy/core';
import type { ChatCompletionChunk, RequestContext } from '@asksage-proxy/core';
import { expectOpenAISchema } from '../../../test-support/openai-spec-validator';
import { createFakeProxyService, sampleChunk } from './__fixtures__/create-fake-proxy-service';
import { startTestApp } from './__fixtures__/start-test-app';
import type { OpenAIErrorEnvelope } from './render-openai-error';

const streamBody = { model: 'gpt-4.1', messages: [{ role: 'user', content: 'Hi' }], stream: true };

function postStream(url: string, signal?: AbortSignal): Promise<Response> {
  return fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(streamBody), signal });
}

/** A promise with its resolver outside, to let a test drive the fake service step by step. */
function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** Reads the stream until `predicate` holds on what was received so far. */
async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, received: { text: string }, predicate: (text: string) => boolean): Promise<void> {
  const decoder = new TextDecoder();
  while (!predicate(received.text)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`stream ended before the expected data; got: ${received.text}`);
    received.text += decoder.decode(value, { stream: true });
  }
}

/** The `data:` payloads of an SSE body, in order. */
function dataFrames(text: string): string[] {
  return text.split('\n\n').filter((frame) => frame.startsWith('data: ')).map((frame) => frame.slice('data: '.length));
}

describe('SSE streaming', () => {
  it('sends OpenAI chunks as data frames and ends with [DONE]', async () => {
    const app = await startTestApp();
    try {
      const response = await postStream(app.url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(response.headers.get('x-accel-buffering')).toBe('no');
      const text = await response.text();
      expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
      const frames = dataFrames(text);
      expect(frames[frames.length - 1]).toBe('[DONE]');
      const chunks = frames.slice(0, -1).map((frame) => JSON.parse(frame) as ChatCompletionChunk);
      chunks.forEach((chunk) => expectOpenAISchema('CreateChatCompletionStreamResponse', chunk));
      expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('Hello there.');
      expect(chunks[chunks.length - 1]?.choices[0]?.finish_reason).toBe('stop');
    } finally {
      await app.close();
    }
  });

  it('renders an error thrown mid-stream as one in-band error frame, then [DONE]', async () => {
    const service = createFakeProxyService({
      streamChatCompletion: async () =>
        (async function* () {
          yield sampleChunk('gpt-4.1', { role: 'assistant', content: '' });
          throw new ProxyError('model_overloaded', 'the model is overloaded; try again in a few seconds', { isRetryable: true });
        })(),
    });
    const app = await startTestApp({ service });
    try {
      const response = await postStream(app.url);
      expect(response.status).toBe(200);
      const frames = dataFrames(await response.text());
      expect(frames).toHaveLength(3);
      const error = JSON.parse(frames[1] as string);
      expectOpenAISchema('ErrorResponse', error);
      expect(error.error).toEqual({ message: 'the model is overloaded; try again in a few seconds', type: 'server_error', param: null, code: 'model_overloaded' });
      expect(frames[2]).toBe('[DONE]');
    } finally {
      await app.close();
    }
  });

  it('answers with a normal HTTP error when the stream cannot start', async () => {
    const service = createFakeProxyService({
      streamChatCompletion: async () => {
        throw new ProxyError('model_not_entitled', 'no configured key is entitled to gpt-4.1', { param: 'model' });
      },
    });
    const app = await startTestApp({ service });
    try {
      const response = await postStream(app.url);
      expect(response.status).toBe(403);
      expect(response.headers.get('content-type')).toContain('application/json');
      const body = (await response.json()) as OpenAIErrorEnvelope;
      expectOpenAISchema('ErrorResponse', body);
      expect(body.error.code).toBe('model_not_entitled');
    } finally {
      await app.close();
    }
  });

  it('delivers a large stream intact through backpressure', async () => {
    const piece = 'x'.repeat(64 * 1024);
    const service = createFakeProxyService({
      streamChatCompletion: async () =>
        (async function* () {
          for (let index = 0; index < 100; index += 1) yield sampleChunk('gpt-4.1', { content: `${index}:${piece}` });
        })(),
    });
    const app = await startTestApp({ service });
    try {
      const frames = dataFrames(await (await postStream(app.url)).text());
      expect(frames).toHaveLength(101);
      expect(frames.slice(0, -1).map((frame) => Number(JSON.parse(frame).choices[0].delta.content.split(':')[0]))).toEqual([...Array(100).keys()]);
    } finally {
      await app.close();
    }
  });

  it('sends keep-alive comments while waiting for the next chunk', async () => {
    const release = deferred();
    const service = createFakeProxyService({
      streamChatCompletion: async () =>
        (async function* () {
          yield sampleChunk('gpt-4.1', { role: 'assistant', content: '' });
          await release.promise;
          yield sampleChunk('gpt-4.1', { content: 'late' }, 'stop');
        })(),
    });
    const app = await startTestApp({ service, options: { heartbeatIntervalMs: 5 } });
    try {
      const response = await postStream(app.url);
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      const received = { text: '' };
      await readUntil(reader, received, (text) => text.includes(': keep-alive\n\n'));
      release.resolve();
      await readUntil(reader, received, (text) => text.endsWith('data: [DONE]\n\n'));
      expect(dataFrames(received.text).map((frame) => (frame === '[DONE]' ? frame : JSON.parse(frame).choices[0].delta.content))).toEqual(['', 'late', '[DONE]']);
    } finally {
      await app.close();
    }
  });

  it('aborts the request context and stops iterating when the client disconnects', async () => {
    const aborted = deferred();
    const finished = deferred<'returned'>();
    let context: RequestContext | undefined;
    const service = createFakeProxyService({
      streamChatCompletion: async (_params, requestContext) => {
        context = requestContext;
        requestContext.signal?.addEventListener('abort', () => aborted.resolve(), { once: true });
        return (async function* () {
          try {
            yield sampleChunk('gpt-4.1', { role: 'assistant', content: '' });
            await aborted.promise;
            yield sampleChunk('gpt-4.1', { content: 'never read' });
            yield sampleChunk('gpt-4.1', { content: 'never read either' });
          } finally {
            finished.resolve('returned');
          }
        })();
      },
    });
    const app = await startTestApp({ service });
    try {
      const controller = new AbortController();
      const response = await postStream(app.url, controller.signal);
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      await readUntil(reader, { text: '' }, (text) => text.includes('data: '));
      controller.abort();
      await aborted.promise;
      expect(context?.signal?.aborted).toBe(true);
      expect(await finished.promise).toBe('returned');
      await new Promise((resolve) => setImmediate(resolve));
      const line = app.logger.entries.find((entry) => entry.level === 'info');
      expect(line?.fields).toMatchObject({ status: 499, clientClosed: true, stream: true });
    } finally {
      await app.close();
    }
  });

  it('aborts the context of a non-streamed request when the client goes away', async () => {
    const aborted = deferred<unknown>();
    const started = deferred();
    const service = createFakeProxyService({
      createChatCompletion: (_params, requestContext) =>
        new Promise((_resolve, reject) => {
          started.resolve();
          requestContext.signal?.addEventListener('abort', () => {
            aborted.resolve(requestContext.signal?.reason);
            reject(requestContext.signal?.reason);
          });
        }),
    });
    const app = await startTestApp({ service });
    try {
      const controller = new AbortController();
      const request = fetch(`${app.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...streamBody, stream: false }),
        signal: controller.signal,
      }).catch((error: unknown) => error);
      await started.promise;
      controller.abort();
      expect(await aborted.promise).toMatchObject({ code: 'request_aborted' });
      await request;
    } finally {
      await app.close();
    }
  });
});
