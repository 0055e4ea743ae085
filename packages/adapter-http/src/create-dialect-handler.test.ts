import { ProxyError } from '@asksage-proxy/core';
import type { ChatCompletionChunk, CompletionEvent, OpenAIErrorEnvelope, RequestContext } from '@asksage-proxy/core';
import { expectOpenAISchema } from '../../../test-support/openai-spec-validator';
import { createFakeGateway, eventsOf, failingEvents } from './__fixtures__/create-fake-gateway';
import { dataFrames, deferred, readUntil } from './__fixtures__/read-sse';
import { startTestApp } from './__fixtures__/start-test-app';

const streamBody = { model: 'gpt-4.1', messages: [{ role: 'user', content: 'Hi' }], stream: true };

function postStream(url: string, signal?: AbortSignal, body: object = streamBody): Promise<Response> {
  return fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal });
}

describe('SSE streaming through the chat dialect', () => {
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
      expect(chunks[0]?.choices[0]?.delta).toEqual({ role: 'assistant', content: '' });
      expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('Hello there.');
      expect(chunks[chunks.length - 1]?.choices[0]?.finish_reason).toBe('stop');
      expect(new Set(chunks.map((chunk) => chunk.id))).toEqual(new Set(['chatcmpl-1']));
      // The gateway was asked for a stream of the neutral request.
      expect(app.gateway.calls).toHaveLength(1);
      expect(app.gateway.calls[0]?.method).toBe('stream');
      expect(app.gateway.calls[0]?.request).toMatchObject({ model: 'gpt-4.1', conversation: { system: [], turns: [{ role: 'user', parts: [{ type: 'text', text: 'Hi' }] }] } });
    } finally {
      await app.close();
    }
  });

  it('ends with a usage chunk when stream_options.include_usage is set', async () => {
    const app = await startTestApp();
    try {
      const frames = dataFrames(await (await postStream(app.url, undefined, { ...streamBody, stream_options: { include_usage: true } })).text());
      expect(frames[frames.length - 1]).toBe('[DONE]');
      const usageChunk = JSON.parse(frames[frames.length - 2] as string) as ChatCompletionChunk;
      expectOpenAISchema('CreateChatCompletionStreamResponse', usageChunk);
      expect(usageChunk.choices).toEqual([]);
      expect(usageChunk.usage).toEqual({ prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 });
    } finally {
      await app.close();
    }
  });

  it('renders an error thrown mid-stream as one in-band error frame, then [DONE]', async () => {
    const gateway = createFakeGateway({
      stream: async (request) => ({
        model: request.model,
        events: failingEvents(new ProxyError('model_overloaded', 'the model is overloaded; try again in a few seconds', { isRetryable: true }), { type: 'text-delta', delta: 'Hel' }),
      }),
    });
    const app = await startTestApp({ gateway });
    try {
      const response = await postStream(app.url);
      expect(response.status).toBe(200);
      const frames = dataFrames(await response.text());
      // The role chunk the chat dialect always sends first, the text, the error, [DONE].
      expect(frames).toHaveLength(4);
      expect(JSON.parse(frames[0] as string).choices[0].delta).toEqual({ role: 'assistant', content: '' });
      expect(JSON.parse(frames[1] as string).choices[0].delta).toEqual({ content: 'Hel' });
      const error = JSON.parse(frames[2] as string);
      expectOpenAISchema('ErrorResponse', error);
      expect(error.error).toEqual({ message: 'the model is overloaded; try again in a few seconds', type: 'server_error', param: null, code: 'model_overloaded' });
      expect(frames[3]).toBe('[DONE]');
      expect(app.logger.entries.find((entry) => entry.level === 'warn')?.fields).toMatchObject({ code: 'model_overloaded' });
    } finally {
      await app.close();
    }
  });

  it('answers a failure before the first event with its real status and Retry-After, not a 200 with an in-band error', async () => {
    const gateway = createFakeGateway({
      stream: async (request) => ({
        model: request.model,
        events: failingEvents(new ProxyError('upstream_rate_limited', 'AskSage is rate limiting requests; retry later.', { isRetryable: true, retryAfterSeconds: 7 })),
      }),
    });
    const app = await startTestApp({ gateway });
    try {
      const response = await postStream(app.url);
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('7');
      expect(response.headers.get('content-type')).toContain('application/json');
      const body = (await response.json()) as { error: { code: string } };
      expectOpenAISchema('ErrorResponse', body);
      expect(body.error.code).toBe('upstream_rate_limited');
    } finally {
      await app.close();
    }
  });

  it('answers with a normal HTTP error when the stream cannot start', async () => {
    const gateway = createFakeGateway({
      stream: async () => {
        throw new ProxyError('model_not_entitled', 'no configured key is entitled to gpt-4.1', { param: 'model' });
      },
    });
    const app = await startTestApp({ gateway });
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
    const gateway = createFakeGateway({
      stream: async (request) => ({
        model: request.model,
        events: (async function* (): AsyncGenerator<CompletionEvent> {
          for (let index = 0; index < 100; index += 1) yield { type: 'text-delta', delta: `${index}:${piece}` };
        })(),
      }),
    });
    const app = await startTestApp({ gateway });
    try {
      const frames = dataFrames(await (await postStream(app.url)).text());
      // The chat dialect's role chunk, 100 content chunks, [DONE].
      expect(frames).toHaveLength(102);
      const contents = frames.slice(1, -1).map((frame) => JSON.parse(frame).choices[0].delta.content as string);
      expect(contents.map((content) => Number(content.split(':')[0]))).toEqual([...Array(100).keys()]);
      expect(contents.every((content) => content.endsWith(piece))).toBe(true);
    } finally {
      await app.close();
    }
  });

  it('sends keep-alive comments while waiting for the next event', async () => {
    const release = deferred();
    const gateway = createFakeGateway({
      stream: async (request) => ({
        model: request.model,
        events: (async function* (): AsyncGenerator<CompletionEvent> {
          await release.promise;
          yield { type: 'text-delta', delta: 'late' };
          yield { type: 'finish', finishReason: 'stop' };
        })(),
      }),
    });
    const app = await startTestApp({ gateway, options: { heartbeatIntervalMs: 5 } });
    try {
      const response = await postStream(app.url);
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      const received = { text: '' };
      await readUntil(reader, received, (text) => text.includes(': keep-alive\n\n'));
      release.resolve();
      await readUntil(reader, received, (text) => text.endsWith('data: [DONE]\n\n'));
      // The role chunk (sent before the first event), the late text, the finish chunk (no content), [DONE].
      const deltas = dataFrames(received.text).map((frame) => (frame === '[DONE]' ? frame : (JSON.parse(frame).choices[0].delta.content ?? null)));
      expect(deltas).toEqual(['', 'late', null, '[DONE]']);
    } finally {
      await app.close();
    }
  });

  it('aborts the request context and stops iterating when the client disconnects', async () => {
    const started = deferred();
    const aborted = deferred();
    const finished = deferred<'returned'>();
    let pulledAfterAbort = 0;
    let context: RequestContext | undefined;
    const gateway = createFakeGateway({
      stream: async (request, requestContext) => {
        context = requestContext;
        requestContext.signal?.addEventListener('abort', () => aborted.resolve(), { once: true });
        return {
          model: request.model,
          events: (async function* (): AsyncGenerator<CompletionEvent> {
            try {
              started.resolve();
              await aborted.promise;
              pulledAfterAbort += 1;
              yield { type: 'text-delta', delta: 'never read' };
              pulledAfterAbort += 1;
              yield { type: 'text-delta', delta: 'never read either' };
            } finally {
              finished.resolve('returned');
            }
          })(),
        };
      },
    });
    const app = await startTestApp({ gateway });
    try {
      const controller = new AbortController();
      const response = await postStream(app.url, controller.signal);
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      await readUntil(reader, { text: '' }, (text) => text.includes('data: '));
      await started.promise;
      controller.abort();
      await aborted.promise;
      expect(context?.signal?.aborted).toBe(true);
      expect(await finished.promise).toBe('returned');
      expect(pulledAfterAbort).toBeLessThanOrEqual(1);
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
    const gateway = createFakeGateway({
      complete: (_request, requestContext) =>
        new Promise((_resolve, reject) => {
          started.resolve();
          requestContext.signal?.addEventListener('abort', () => {
            aborted.resolve(requestContext.signal?.reason);
            reject(requestContext.signal?.reason);
          });
        }),
    });
    const app = await startTestApp({ gateway });
    try {
      const controller = new AbortController();
      const request = postStream(app.url, controller.signal, { ...streamBody, stream: false }).catch((error: unknown) => error);
      await started.promise;
      controller.abort();
      expect(await aborted.promise).toMatchObject({ code: 'request_aborted' });
      await request;
    } finally {
      await app.close();
    }
  });
});

describe('a scripted event sequence', () => {
  it('renders tool calls streamed by the gateway as OpenAI tool-call deltas', async () => {
    const gateway = createFakeGateway({
      stream: async (request) => ({
        model: request.model,
        events: eventsOf(
          { type: 'tool-call-start', index: 0, id: 'call_1', name: 'weather' },
          { type: 'tool-call-delta', index: 0, delta: '{"city":' },
          { type: 'tool-call-delta', index: 0, delta: '"Paris"}' },
          { type: 'finish', finishReason: 'tool_calls' },
        ),
      }),
    });
    const app = await startTestApp({ gateway });
    try {
      const frames = dataFrames(await (await postStream(app.url)).text());
      const chunks = frames.slice(0, -1).map((frame) => JSON.parse(frame) as ChatCompletionChunk);
      chunks.forEach((chunk) => expectOpenAISchema('CreateChatCompletionStreamResponse', chunk));
      const calls = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
      expect(calls[0]).toMatchObject({ index: 0, id: 'call_1', type: 'function', function: { name: 'weather' } });
      expect(calls.map((call) => call.function?.arguments ?? '').join('')).toBe('{"city":"Paris"}');
      expect(chunks[chunks.length - 1]?.choices[0]?.finish_reason).toBe('tool_calls');
    } finally {
      await app.close();
    }
  });
});
