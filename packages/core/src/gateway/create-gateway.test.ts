import { createModelCatalog } from '../catalog/index';
import type { ModelEntry } from '../catalog/model-entry';
import { isProxyError, ProxyError } from '../errors/proxy-error';
import { createKeyPool } from '../key-pool/create-key-pool';
import { createKeyStateLogObserver } from '../key-pool/create-key-state-log-observer';
import type { ApiKeyConfig } from '../key-pool/api-key-config';
import type { AbortSignalLike } from '../ports/abort-signal-like';
import type { UpstreamClient } from '../ports/upstream-client';
import {
  createFakeUpstreamClient,
  createInstantClock,
  createRecordingLogger,
  createSeededRandom,
  createSequenceIds,
  createTokenInvalidReply,
} from '../testing/index';
import type { FakeReplyFunction, FakeUpstreamClient } from '../testing/index';
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionCreateParams } from '../types/openai';
import { openAIChatDialect } from '../dialects/openai-chat/openai-chat-dialect';
import { renderOpenAIModelList, renderOpenAIModel } from '../dialects/openai-chat/render-openai-models';
import { runDialectRequest } from '../dialects/run-dialect-request';
import type { DialectServices } from '../dialects/dialect';
import type { Clock } from '../ports/clock';
import type { IdGenerator } from '../ports/id-generator';
import { createGateway } from './create-gateway';
import type { Gateway, RequestContext } from './gateway';
import type { GatewayOptions } from './gateway-dependencies';
import type { ProxyObserver } from '../ports/proxy-observer';
import { createRecordingObserver } from '../testing/recording-observer';

const start = Date.UTC(2026, 0, 1);


const secretOf = (name: string) => `${name}-SECRET-${'s'.repeat(52)}`;
const nameOf = (apiKey: string | undefined) => (apiKey ?? '').slice(0, (apiKey ?? '').indexOf('-SECRET-'));

/** Wraps the fake so each query waits until the test releases it: shows what happens before AskSage answers. */
function holdQueries(fake: FakeUpstreamClient) {
  const releases: Array<() => void> = [];
  const client: UpstreamClient = {
    getModels: (options) => fake.getModels(options),
    countMonthlyTokens: (options) => fake.countMonthlyTokens(options),
    query: async (query, options) => {
      await new Promise<void>((resolve) => releases.push(resolve));
      return fake.query(query, options);
    },
    streamQuery: async (query, options) => {
      await new Promise<void>((resolve) => releases.push(resolve));
      return fake.streamQuery(query, options);
    },
    embed: (request, options) => fake.embed(request, options),
  };
  return { client, releaseNext: () => releases.shift()?.() };
}

const unavailable = () => new ProxyError('upstream_unavailable', 'AskSage answered HTTP 503.', { isRetryable: true, keyVerdict: 'failure' });
const badRequest = () => new ProxyError('invalid_request', 'AskSage answered HTTP 400.', { isRetryable: false });
const byKey = (replies: Record<string, ReturnType<FakeReplyFunction>>): FakeReplyFunction => (call) => replies[nameOf(call.apiKey)];
const fail = (error: ProxyError) => ({ kind: 'error', error }) as const;
const text = (value: string) => ({ kind: 'text', text: value }) as const;
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

const models: ModelEntry[] = [
  { id: 'gpt-4o', type: 'chat', aliases: ['gpt-4o-latest'] },
  { id: 'claude-35-sonnet', type: 'chat', keys: ['key_2'] },
  { id: 'secret-model', type: 'chat', keys: ['somebody_else'] },
  { id: 'nobody-model', type: 'chat', keys: [] },
  { id: 'text-embedding-3-small', type: 'embedding' },
];

function setUp(options: { keys?: number; reply?: FakeReplyFunction; service?: GatewayOptions; hold?: boolean; observer?: ProxyObserver; streamMode?: 'delta' | 'cumulative' | 'single' | 'plain' } = {}) {
  const keyConfigs: ApiKeyConfig[] = Array.from({ length: options.keys ?? 2 }, (_, index) => ({
    name: `key_${index + 1}`,
    key: secretOf(`key_${index + 1}`),
    weight: 1,
  }));
  const clock = createInstantClock(start);
  const random = createSeededRandom(7);
  const { logger, calls: logs } = createRecordingLogger();
  const keyPool = createKeyPool({ keys: keyConfigs, clock, observer: createKeyStateLogObserver(logger) });
  const fake = createFakeUpstreamClient({ reply: options.reply ?? (() => text('Hello there')), ...(options.streamMode === undefined ? {} : { streamMode: options.streamMode }) });
  const held = holdQueries(fake);
  const ids = createSequenceIds();
  const gateway = createGateway({
    upstream: options.hold === true ? held.client : fake,
    keyPool,
    catalog: createModelCatalog(models, { defaultCreated: 1_700_000_000 }),
    clock,
    random,
    ids,
    logger,
    options: options.service,
    ...(options.observer === undefined ? {} : { observer: options.observer }),
  });
  const service = createChatService(gateway, { ids, clock });
  const keysUsed = () => fake.queries().map((call) => nameOf(call.apiKey));
  const status = (name: string) => keyPool.snapshot().find((entry) => entry.name === name);
  const noSecretLogged = () => {
    const logged = JSON.stringify(logs);
    for (const config of keyConfigs) expect(logged).not.toContain(config.key);
    expect(logged).not.toContain('-SECRET-');
  };
  return { service, gateway, fake, keysUsed, releaseNext: held.releaseNext, keyPool, clock, logs, status, noSecretLogged };
}

const request = (model = 'gpt-4o', extra: Partial<ChatCompletionCreateParams> = {}): ChatCompletionCreateParams => ({
  model,
  messages: [{ role: 'user', content: 'Say hello' }],
  ...extra,
});
const context = (signal?: AbortSignalLike) => ({ requestId: 'req_1', signal });



/** The chat-completions use case as the HTTP layer drives it: the chat dialect over the gateway. */
function createChatService(gateway: Gateway, ports: { ids: IdGenerator; clock: Clock }) {
  const services: DialectServices = { ...ports };
  return {
    async createChatCompletion(params: ChatCompletionCreateParams, requestContext: RequestContext): Promise<ChatCompletion> {
      const reply = await runDialectRequest(gateway, openAIChatDialect, { ...params, stream: false }, requestContext, services);
      if (reply.kind !== 'json') throw new Error('expected JSON');
      return reply.body as ChatCompletion;
    },
    async streamChatCompletion(params: ChatCompletionCreateParams, requestContext: RequestContext): Promise<AsyncIterable<ChatCompletionChunk>> {
      const reply = await runDialectRequest(gateway, openAIChatDialect, { ...params, stream: true }, requestContext, services);
      if (reply.kind !== 'stream') throw new Error('expected a stream');
      const frames = reply.frames;
      return {
        [Symbol.asyncIterator]() {
          const iterator = frames[Symbol.asyncIterator]();
          return {
            next: async () => {
              const next = await iterator.next();
              return next.done === true ? next : { done: false, value: JSON.parse(next.value.data) as ChatCompletionChunk };
            },
            return: async () => (await iterator.return?.()) ?? { done: true, value: undefined },
          };
        },
      } as AsyncIterable<ChatCompletionChunk>;
    },
    listModels: () => renderOpenAIModelList(gateway.listModels()),
    retrieveModel: (id: string) => renderOpenAIModel(gateway.retrieveModel(id)),
    health: () => gateway.health(),
  };
}

async function rejection(promise: Promise<unknown>): Promise<ProxyError> {
  try {
    await promise;
  } catch (error) {
    if (isProxyError(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

async function collect(stream: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

describe('createProxyService.createChatCompletion', () => {
  it('answers with the resolved model id, sending the AskSage id upstream', async () => {
    const { service, fake } = setUp();
    const completion = await service.createChatCompletion(request('gpt-4o-latest'), context());
    expect(completion).toMatchObject({ object: 'chat.completion', model: 'gpt-4o', id: expect.stringMatching(/^chatcmpl-/) });
    expect(completion.choices[0]?.message.content).toBe('Hello there');
    expect(fake.queries()).toHaveLength(1);
    expect(fake.queries()[0]?.query?.model).toBe('gpt-4o');
  });

  it('tells the observer about each attempt, the tokens and the finished request, by key name and dialect', async () => {
    const recording = createRecordingObserver();
    const { service } = setUp({ reply: byKey({ key_1: fail(unavailable()), key_2: text('from key 2') }), observer: recording.observer });
    await service.createChatCompletion(request(), context());
    expect(recording.ofType('upstreamAttempt').map((event) => [event.key, event.attempt, event.outcome, event.code])).toEqual([
      ['key_1', 1, 'error', 'upstream_unavailable'],
      ['key_2', 2, 'success', undefined],
    ]);
    expect(recording.ofType('tokensUsed')).toEqual([expect.objectContaining({ key: 'key_2', model: 'gpt-4o', dialect: 'openai-chat' })]);
    expect(recording.ofType('requestFinished')).toEqual([
      expect.objectContaining({ outcome: 'success', key: 'key_2', attempts: 2, model: 'gpt-4o', requestedModel: 'gpt-4o', stream: false, dialect: 'openai-chat' }),
    ]);
    expect(JSON.stringify(recording.events)).not.toContain('-SECRET-');
  });

  it('reports a stream: its first event, then the finished request; a refused model finishes with its code', async () => {
    const recording = createRecordingObserver();
    const { service } = setUp({ observer: recording.observer });
    await collect(await service.streamChatCompletion(request(), context()));
    // Natively streamed: the first event comes before the final envelope, which carries the tokens.
    expect(recording.events.map((entry) => entry.type)).toEqual(['upstreamAttempt', 'firstEvent', 'tokensUsed', 'requestFinished']);
    expect(recording.ofType('requestFinished')[0]).toMatchObject({ outcome: 'success', stream: true });
    await rejection(service.createChatCompletion(request('no-such-model'), context()));
    expect(recording.ofType('requestFinished')[1]).toMatchObject({ outcome: 'error', code: 'model_not_found', attempts: 0, requestedModel: 'no-such-model' });
  });

  it('still answers when an observer throws, and logs the observer failure', async () => {
    const broken = { ...createRecordingObserver().observer, requestFinished: () => { throw new Error('metrics backend down'); } };
    const { service, logs } = setUp({ observer: broken });
    const completion = await service.createChatCompletion(request(), context());
    expect(completion.choices[0]?.message.content).toBe('Hello there');
    expect(logs.some((log) => log.level === 'error' && log.message.includes('observer failed'))).toBe(true);
  });

  it('fails over to the second key when the first answers 503; the client sees one completion', async () => {
    const { service, keysUsed, logs, status, noSecretLogged } = setUp({
      reply: byKey({ key_1: fail(unavailable()), key_2: text('from key 2') }),
    });
    const completion = await service.createChatCompletion(request(), context());
    expect(completion.choices[0]?.message.content).toBe('from key 2');
    expect(keysUsed()).toEqual(['key_1', 'key_2']);
    expect(status('key_1')).toMatchObject({ consecutiveFailures: 1, failures: 1, lastError: 'upstream_unavailable' });
    const warning = logs.find((log) => log.level === 'warn');
    expect(warning?.fields).toMatchObject({ key: 'key_1', attempt: 1, code: 'upstream_unavailable' });
    noSecretLogged();
  });

  it('waits a jittered, growing backoff before each retry', async () => {
    const { service, clock } = setUp({ keys: 3, reply: () => fail(unavailable()), service: { maxAttempts: 4, backoffBaseMs: 100, backoffMaxMs: 250 } });
    await rejection(service.createChatCompletion(request(), context()));
    const ceilings = [100, 200, 250];
    expect(clock.sleeps).toHaveLength(3);
    clock.sleeps.forEach((sleep, index) => {
      expect(sleep).toBeGreaterThanOrEqual(0);
      expect(sleep).toBeLessThan(ceilings[index] ?? 0);
    });
  });

  it('serves every request while one of three keys turns invalid mid-run, and stops using that key', async () => {
    const { service, fake, keysUsed, logs, status, noSecretLogged } = setUp({ keys: 3 });
    const failures: unknown[] = [];
    for (let index = 0; index < 30; index += 1) {
      if (index === 5) fake.setKeyValid(secretOf('key_2'), false);
      await service.createChatCompletion(request(), context()).catch((error: unknown) => failures.push(error));
    }
    expect(failures).toEqual([]);
    expect(keysUsed().slice(5).filter((name) => name === 'key_2')).toHaveLength(1);
    expect(status('key_2')?.state).toBe('invalid');
    const errors = logs.filter((log) => log.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toContain('key_2');
    noSecretLogged();
  });

  it('retries the same key after a transient failure when it is the only key', async () => {
    const { service, fake, keysUsed } = setUp({ keys: 1 });
    fake.enqueue(fail(unavailable()));
    fake.enqueue(text('second time lucky'));
    const completion = await service.createChatCompletion(request(), context());
    expect(completion.choices[0]?.message.content).toBe('second time lucky');
    expect(keysUsed()).toEqual(['key_1', 'key_1']);
  });

  it('never retries a key AskSage declared invalid', async () => {
    const { service, fake } = setUp({ keys: 1, reply: () => ({ kind: 'body', body: createTokenInvalidReply() }) });
    const error = await rejection(service.createChatCompletion(request(), context()));
    expect(error).toMatchObject({ code: 'upstream_authentication', keyVerdict: 'invalid' });
    expect(error.message).not.toContain('-SECRET-');
    expect(fake.queries()).toHaveLength(1);
  });

  it('throws a non-retryable error at once', async () => {
    const { service, fake } = setUp({ keys: 3, reply: () => fail(badRequest()) });
    const error = await rejection(service.createChatCompletion(request(), context()));
    expect(error.code).toBe('invalid_request');
    expect(fake.queries()).toHaveLength(1);
  });

  it('stops after maxAttempts and throws the last error', async () => {
    const { service, keysUsed } = setUp({ keys: 5, reply: () => fail(unavailable()), service: { maxAttempts: 3 } });
    const error = await rejection(service.createChatCompletion(request(), context()));
    expect(error.code).toBe('upstream_unavailable');
    expect(keysUsed()).toHaveLength(3);
    expect(new Set(keysUsed()).size).toBe(3);
  });

  it('does not retry keys AskSage says may not use the model, without blaming them', async () => {
    const notEntitled = () => new ProxyError('model_not_entitled', 'not authorized for this model', { isRetryable: true });
    const { service, keysUsed, status } = setUp({ keys: 2, reply: () => fail(notEntitled()), service: { maxAttempts: 5 } });
    const error = await rejection(service.createChatCompletion(request(), context()));
    expect(error.code).toBe('model_not_entitled');
    expect(keysUsed()).toEqual(['key_1', 'key_2']);
    expect(status('key_1')).toMatchObject({ state: 'healthy', failures: 0 });
  });

  it('answers no_healthy_key with a Retry-After when every key is out, without calling AskSage', async () => {
    const { service, fake, keyPool } = setUp({ keys: 2 });
    const limited = new ProxyError('upstream_rate_limited', 'slow down', { isRetryable: true, keyVerdict: 'rate_limited', retryAfterSeconds: 5 });
    keyPool.reportFailure('key_1', limited);
    keyPool.reportFailure('key_2', new ProxyError('upstream_authentication', 'bad', { isRetryable: true, keyVerdict: 'invalid' }));
    const error = await rejection(service.createChatCompletion(request(), context()));
    expect(error).toMatchObject({ code: 'no_healthy_key', isRetryable: true, retryAfterSeconds: 5 });
    expect(error.message).toMatch(/All 2 keys/);
    expect(error.message).toContain('key_1');
    expect(error.message).toContain('key_2');
    expect(error.message).not.toContain('-SECRET-');
    expect(fake.queries()).toHaveLength(0);
  });

  it('sends a model only to the keys entitled to it', async () => {
    const { service, keysUsed } = setUp({ keys: 3 });
    for (let index = 0; index < 4; index += 1) await service.createChatCompletion(request('claude-35-sonnet'), context());
    expect(keysUsed()).toEqual(['key_2', 'key_2', 'key_2', 'key_2']);
  });

  it('answers model_not_entitled when no configured key may use the model', async () => {
    const { service, fake } = setUp();
    for (const model of ['secret-model', 'nobody-model']) {
      const error = await rejection(service.createChatCompletion(request(model), context()));
      expect(error.code).toBe('model_not_entitled');
      expect(error.message).toContain(model);
    }
    expect(fake.queries()).toHaveLength(0);
  });

  it('rejects unknown and non-chat models before calling AskSage', async () => {
    const { service, fake } = setUp();
    expect((await rejection(service.createChatCompletion(request('gpt-4oo'), context()))).code).toBe('model_not_found');
    expect((await rejection(service.createChatCompletion(request('text-embedding-3-small'), context()))).param).toBe('model');
    expect(fake.queries()).toHaveLength(0);
  });

  it("stops on the caller's abort without retrying or blaming the key", async () => {
    const controller = new AbortController();
    const { service, fake, status } = setUp({ keys: 2, reply: () => ({ kind: 'stall' }) });
    const pending = rejection(service.createChatCompletion(request(), context(controller.signal)));
    await nextTurn();
    expect(fake.openCalls()).toBe(1);
    controller.abort();
    expect((await pending).code).toBe('request_aborted');
    expect(fake.openCalls()).toBe(0);
    expect(fake.queries()).toHaveLength(1);
    expect(status('key_1')).toMatchObject({ failures: 0, consecutiveFailures: 0, state: 'healthy' });
  });

  it('stops when the caller aborts during the backoff before a retry', async () => {
    const controller = new AbortController();
    const { service, fake } = setUp({
      reply: () => {
        controller.abort();
        return fail(unavailable());
      },
    });
    const error = await rejection(service.createChatCompletion(request(), context(controller.signal)));
    expect(error.code).toBe('request_aborted');
    expect(fake.queries()).toHaveLength(1);
  });
});

describe('createProxyService.streamChatCompletion', () => {
  it('yields the role chunk before AskSage answers, then the content with the same id', async () => {
    const { service, fake, releaseNext } = setUp({ hold: true, reply: () => text('Streamed\n  text, intact') });
    const params = request('gpt-4o-latest', { stream: true, stream_options: { include_usage: true } });
    const stream = await service.streamChatCompletion(params, context());
    const iterator = stream[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.value).toMatchObject({ object: 'chat.completion.chunk', model: 'gpt-4o', choices: [{ delta: { role: 'assistant' } }] });
    // With include_usage, OpenAI puts usage: null on every chunk but the last; the role chunk included.
    expect((first.value as ChatCompletionChunk).usage).toBeNull();

    const second = iterator.next();
    await nextTurn();
    expect(fake.queries()).toHaveLength(0);
    releaseNext();
    const rest: ChatCompletionChunk[] = [(await second).value as ChatCompletionChunk];
    for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) rest.push(next.value);

    const id = (first.value as ChatCompletionChunk).id;
    expect(rest.every((chunk) => chunk.id === id && chunk.created === (first.value as ChatCompletionChunk).created)).toBe(true);
    expect(rest.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('Streamed\n  text, intact');
    expect(rest.filter((chunk) => chunk.choices[0]?.finish_reason === 'stop')).toHaveLength(1);
    expect(rest[rest.length - 1]).toMatchObject({ choices: [], usage: expect.any(Object) });
  });

  it('rejects before streaming when the model is unknown or not entitled', async () => {
    const { service, fake } = setUp();
    expect((await rejection(service.streamChatCompletion(request('gpt-4oo'), context()))).code).toBe('model_not_found');
    expect((await rejection(service.streamChatCompletion(request('secret-model'), context()))).code).toBe('model_not_entitled');
    expect(fake.queries()).toHaveLength(0);
  });

  it('throws a failure after the role chunk from the iterator', async () => {
    const { service } = setUp({ reply: () => fail(badRequest()) });
    const stream = await service.streamChatCompletion(request(), context());
    const iterator = stream[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toMatchObject({ choices: [{ delta: { role: 'assistant' } }] });
    expect((await rejection(iterator.next())).code).toBe('invalid_request');
  });

  it('fails over inside the stream too', async () => {
    const { service } = setUp({ reply: byKey({ key_1: fail(unavailable()), key_2: text('from key 2') }) });
    const chunks = await collect(await service.streamChatCompletion(request(), context()));
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('from key 2');
  });

  it('cancels the upstream call when the client disconnects', async () => {
    const controller = new AbortController();
    const { service, fake, status } = setUp({ reply: () => ({ kind: 'stall' }) });
    const stream = await service.streamChatCompletion(request(), context(controller.signal));
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    const pending = rejection(iterator.next());
    await nextTurn();
    expect(fake.openCalls()).toBe(1);
    controller.abort();
    expect((await pending).code).toBe('request_aborted');
    expect(fake.openCalls()).toBe(0);
    expect(fake.queries()).toHaveLength(1);
    expect(status('key_1')?.failures).toBe(0);
  });

  it('cancels the upstream call when the consumer stops iterating', async () => {
    const { service, fake } = setUp({ reply: () => ({ kind: 'stall' }) });
    const stream = await service.streamChatCompletion(request(), context());
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    const pending = iterator.next().catch(() => undefined);
    await nextTurn();
    expect(fake.openCalls()).toBe(1);
    await Promise.all([iterator.return?.(), pending]);
    expect(fake.openCalls()).toBe(0);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });

  it('never calls AskSage when the consumer stops after the role chunk', async () => {
    const { service, fake } = setUp();
    for await (const chunk of await service.streamChatCompletion(request(), context())) {
      expect(chunk.choices[0]?.delta.role).toBe('assistant');
      break;
    }
    expect(fake.queries()).toHaveLength(0);
  });
});

describe('native streaming (AskSage streaming: true)', () => {
  const tricky = 'First line\n  indented 👩‍💻 code\r\n\nSTOP here? no: more after it';
  const frame = (fields: Record<string, unknown>) => JSON.stringify(fields);
  const separator = '@|@sep@|@';
  const streamedText = (chunks: ChatCompletionChunk[]) => chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');

  it.each(['delta', 'cumulative', 'single', 'plain'] as const)('streams byte for byte what the whole reply holds (%s frames)', async (streamMode) => {
    const { service, fake } = setUp({ reply: () => text(tricky), streamMode });
    const streamed = streamedText(await collect(await service.streamChatCompletion(request('gpt-4o', { stop: ['STOP'] }), context())));
    const whole = await service.createChatCompletion(request('gpt-4o', { stop: ['STOP'] }), context());
    expect(streamed).toBe(whole.choices[0]?.message.content);
    expect(streamed).toBe('First line\n  indented 👩‍💻 code\r\n\n');
    expect(fake.queries().map((call) => call.query?.streaming)).toEqual([true, undefined]);
  });

  it('fails over before the first event: a key whose stream opens with an error envelope is replaced', async () => {
    const { service, keysUsed } = setUp({ reply: byKey({ key_1: { kind: 'body', body: createTokenInvalidReply() }, key_2: text('from key 2') }) });
    const chunks = await collect(await service.streamChatCompletion(request(), context()));
    expect(streamedText(chunks)).toBe('from key 2');
    expect(keysUsed()).toEqual(['key_1', 'key_2']);
  });

  it('does not fail over after the first event: a mid-stream error frame ends the stream in-band, one key used', async () => {
    const { service, fake, keysUsed } = setUp();
    fake.enqueue({ kind: 'frames', reads: [frame({ message: 'partial ', type: 'yield' }), `${separator}${frame({ response: 'error_500_streaming_event', message: 'An error occurred while streaming the response.', type: 'error', status: 500 })}`] });
    const stream = await service.streamChatCompletion(request(), context());
    const received: ChatCompletionChunk[] = [];
    const error = await rejection((async () => {
      for await (const chunk of stream) received.push(chunk);
    })());
    expect(streamedText(received)).toBe('partial ');
    expect(error.code).toBe('upstream_unavailable');
    expect(keysUsed()).toEqual(['key_1']);
  });

  it('falls back to whole replies for a model whose final text contradicts what was streamed, and says so once', async () => {
    const { service, fake, logs } = setUp();
    fake.enqueue({ kind: 'frames', reads: [frame({ message: 'Hello', type: 'yield' }), `${separator}${frame({ message: 'Goodbye entirely', response: 'OK', status: 200, usage: null })}`] });
    await collect(await service.streamChatCompletion(request(), context()));
    const warnings = logs.filter((log) => log.level === 'warn' && log.message.includes('does not continue'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.fields).toMatchObject({ model: 'gpt-4o' });
    expect(streamedText(await collect(await service.streamChatCompletion(request(), context())))).toBe('Hello there');
    expect(fake.queries().map((call) => call.query?.streaming)).toEqual([true, undefined]);
  });

  it('synthesizes when native streaming is off, and for JSON reply formats, which need the whole text', async () => {
    const off = setUp({ service: { nativeStreaming: 'off' } });
    await collect(await off.service.streamChatCompletion(request(), context()));
    expect(off.fake.queries()[0]?.query?.streaming).toBeUndefined();
    const json = setUp({ reply: () => text('```json\n{"a":1}\n```') });
    const chunks = await collect(await json.service.streamChatCompletion(request('gpt-4o', { response_format: { type: 'json_object' } }), context()));
    expect(streamedText(chunks)).toBe('{"a":1}');
    expect(json.fake.queries()[0]?.query?.streaming).toBeUndefined();
  });
});

describe('rejected keys', () => {
  it('names the rejected key in the error and tells operators in health what to do about it', async () => {
    const { service, fake } = setUp({ keys: 1 });
    fake.setKeyValid(secretOf('key_1'), false);
    const error = await rejection(service.createChatCompletion(request(), context()));
    expect(error.message).toContain('the API key "key_1"');
    expect(error.message).not.toContain('-SECRET-');
    expect(service.health().keys[0]).toMatchObject({ name: 'key_1', state: 'invalid', action: expect.stringContaining('fix it in the config') });
  });
});

describe('upstream reachability', () => {
  // As the transport maps them: refused, and no connection within the connect timeout (a VPN down); neither blames a key.
  it.each([
    ['refused', () => new ProxyError('upstream_unavailable', 'Could not reach AskSage at http://127.0.0.1:9 (ECONNREFUSED); check asksage_server_base_url and the network, then retry.', { isRetryable: true })],
    ['not connected in time', () => new ProxyError('upstream_timeout', 'Could not connect to AskSage at http://127.0.0.1:9 within 10 s; check asksage_server_base_url and the network (VPN, firewall), or raise connect_timeout_seconds.', { isRetryable: true })],
  ])('reports AskSage unreachable in health without blaming any key, until a call gets through (%s)', async (_situation, failure) => {
    const { service, fake, status } = setUp({ service: { maxAttempts: 2 } });
    fake.enqueue({ kind: 'error', error: failure() }, { times: 2 });
    expect((await rejection(service.createChatCompletion(request(), context()))).message).toContain('127.0.0.1:9');
    const health = service.health();
    expect(health).toMatchObject({ status: 'unavailable', upstream: { state: 'unreachable', detail: expect.stringContaining('127.0.0.1:9') } });
    expect([status('key_1')?.state, status('key_2')?.state]).toEqual(['healthy', 'healthy']);
    await service.createChatCompletion(request(), context());
    expect(service.health()).toEqual({ status: 'ready', keys: expect.any(Array) });
  });
});

describe('gateway.embed', () => {
  const embedKeys = (fake: FakeUpstreamClient) => fake.calls.filter((call) => call.method === 'embed').map((call) => nameOf(call.apiKey));

  it('fails over from a key AskSage rejects (HTTP-200 envelope), and reports tokens by key name', async () => {
    const recording = createRecordingObserver();
    const { gateway, fake, status } = setUp({ observer: recording.observer });
    fake.setKeyValid(secretOf('key_1'), false);
    const outcome = await gateway.embed({ model: 'text-embedding-3-small', input: ['a', 'bb'] }, context());
    expect(outcome.vectors).toHaveLength(2);
    expect(outcome.model).toBe('text-embedding-3-small');
    expect(embedKeys(fake)).toEqual(['key_1', 'key_2']);
    expect(status('key_1')?.state).toBe('invalid');
    expect(recording.ofType('tokensUsed')).toEqual([expect.objectContaining({ key: 'key_2', outputTokens: 0, dialect: 'openai-embeddings' })]);
  });

  it('refuses a chat model for embeddings and an embedding model for chat, before any upstream call', async () => {
    const { gateway, service, fake } = setUp();
    expect((await rejection(gateway.embed({ model: 'gpt-4o', input: 'x' }, context()))).code).toBe('invalid_request');
    expect((await rejection(service.createChatCompletion(request('text-embedding-3-small'), context()))).code).toBe('invalid_request');
    expect(fake.calls).toHaveLength(0);
  });

  it('names the route when the tenant answers 404, and rejects a reply with the wrong number of vectors', async () => {
    const { gateway, fake } = setUp({ keys: 1 });
    fake.enqueue({ kind: 'fault', fault: { kind: 'http', status: 404 } }, { method: 'embed' });
    expect((await rejection(gateway.embed({ model: 'text-embedding-3-small', input: 'x' }, context()))).message).toContain('/openai/v1/embeddings');
    fake.enqueue({ kind: 'body', body: { object: 'list', data: [] } }, { method: 'embed', times: 3 });
    expect((await rejection(gateway.embed({ model: 'text-embedding-3-small', input: 'x' }, context()))).code).toBe('upstream_bad_response');
  });
});

describe('createProxyService models and health', () => {
  it('lists the catalog and retrieves a model by alias under its resolved id', () => {
    const { service } = setUp();
    expect(service.listModels().data.map((model) => model.id)).toContain('claude-35-sonnet');
    expect(service.retrieveModel('gpt-4o-latest')).toEqual({ id: 'gpt-4o', object: 'model', created: 1_700_000_000, owned_by: 'asksage' });
    expect(() => service.retrieveModel('no-such-model')).toThrow(expect.objectContaining({ code: 'model_not_found' }));
  });

  it('reports ready, degraded and unavailable as keys go out', () => {
    const { service, keyPool } = setUp();
    expect(service.health().status).toBe('ready');
    const invalidKey = new ProxyError('upstream_authentication', 'bad', { keyVerdict: 'invalid' });
    keyPool.reportFailure('key_1', invalidKey);
    expect(service.health().status).toBe('degraded');
    keyPool.reportFailure('key_2', invalidKey);
    const report = service.health();
    expect(report.status).toBe('unavailable');
    expect(report.keys.map((key) => key.name)).toEqual(['key_1', 'key_2']);
    expect(JSON.stringify(report)).not.toContain('-SECRET-');
  });
});

describe('createProxyService review regressions', () => {
  const timeout = () => new ProxyError('upstream_timeout', 'AskSage did not answer in time.', { isRetryable: true, keyVerdict: 'failure' });
  const rateLimited = () => new ProxyError('upstream_rate_limited', 'Too many requests', { isRetryable: true, keyVerdict: 'rate_limited', retryAfterSeconds: 30 });

  it('never retries a key that already spent a whole timeout on this request', async () => {
    const { service, keysUsed, status } = setUp({ keys: 1, reply: () => fail(timeout()) });
    expect((await rejection(service.createChatCompletion(request(), context()))).code).toBe('upstream_timeout');
    expect(keysUsed()).toEqual(['key_1']);
    expect(status('key_1')?.state).toBe('healthy');
  });

  it('still fails a timed-out attempt over to another healthy key', async () => {
    const { service, keysUsed } = setUp({ keys: 2, reply: byKey({ key_1: fail(timeout()), key_2: text('from key 2') }) });
    const completion = await service.createChatCompletion(request(), context());
    expect(completion.choices[0]?.message.content).toBe('from key 2');
    expect(keysUsed()).toEqual(['key_1', 'key_2']);
  });

  it('throws the known error without a backoff sleep when no key is left to try', async () => {
    const { service, clock } = setUp({ keys: 1, reply: () => fail(rateLimited()) });
    expect((await rejection(service.createChatCompletion(request(), context()))).code).toBe('upstream_rate_limited');
    expect(clock.sleeps).toEqual([]);
  });

  it('refuses a stream with a real no_healthy_key error (for a 503) before any chunk when no key is usable', async () => {
    const { service } = setUp({ keys: 1, reply: () => fail(rateLimited()) });
    await rejection(service.createChatCompletion(request(), context()));
    const error = await rejection(service.streamChatCompletion(request('gpt-4o', { stream: true }), context()));
    expect(error).toMatchObject({ code: 'no_healthy_key', isRetryable: true });
    expect(error.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('reports created as the request time, not the time AskSage finished', async () => {
    const { service, clock, releaseNext } = setUp({ hold: true });
    const pending = service.createChatCompletion(request(), context());
    await nextTurn();
    await clock.sleep(120_000);
    releaseNext();
    expect((await pending).created).toBe(Math.floor(start / 1000));
  });

  it('does not offer, by id, a model no configured key may use', async () => {
    const { service } = setUp();
    expect(() => service.retrieveModel('nobody-model')).toThrow(expect.objectContaining({ code: 'model_not_entitled' }));
    expect(service.retrieveModel('gpt-4o').id).toBe('gpt-4o');
  });
});

describe('createProxyService error texts', () => {
  it('never passes a configured key, or a piece of one, to the client in an upstream error text', async () => {
    const echo = () => new ProxyError('upstream_error', `AskSage said: "key ${secretOf('key_1').slice(2, 40)} is not valid here"`, { isRetryable: false });
    const { service } = setUp({ keys: 1, reply: () => fail(echo()) });
    const error = await rejection(service.createChatCompletion(request(), context()));
    expect(error.code).toBe('upstream_error');
    expect(error.message).toContain('[redacted]');
    expect(error.message).not.toContain(secretOf('key_1').slice(2, 22));
  });
});
