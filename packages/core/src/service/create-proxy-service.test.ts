import { createModelCatalog } from '../catalog/index';
import type { ModelEntry } from '../catalog/model-entry';
import { isProxyError, ProxyError } from '../errors/proxy-error';
import { createKeyPool } from '../key-pool/create-key-pool';
import type { ApiKeyConfig } from '../key-pool/api-key-config';
import type { AbortSignalLike } from '../ports/abort-signal-like';
import type { Logger, LogLevel } from '../ports/logger';
import type { UpstreamCallOptions, UpstreamClient } from '../ports/upstream-client';
import type { AskSageQuery } from '../types/asksage';
import type { ChatCompletionChunk, ChatCompletionCreateParams } from '../types/openai';
import { createProxyService } from './create-proxy-service';
import type { ProxyServiceOptions } from './proxy-service-dependencies';

const start = Date.UTC(2026, 0, 1);

/** Sleeps return at once but move time forward, so backoff never slows the suite and cooldowns stay exact. */
function createTestClock() {
  let now = start;
  return {
    now: () => now,
    sleep: async (ms: number, signal?: AbortSignalLike) => {
      if (signal?.aborted === true) throw signal.reason;
      now += ms;
    },
    advance(ms: number) {
      now += ms;
    },
  };
}

function createRecordingLogger() {
  const calls: Array<{ level: LogLevel; message: string; fields?: Record<string, unknown> }> = [];
  const record = (level: LogLevel) => (message: string, fields?: Record<string, unknown>) => {
    calls.push({ level, message, fields });
  };
  const logger: Logger = {
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
    isLevelEnabled: () => true,
  };
  return { logger, calls };
}

type Reply = unknown;
type Behaviour = (call: UpstreamCall) => Reply | Promise<Reply>;
interface UpstreamCall {
  query: AskSageQuery;
  apiKey: string;
  keyName: string;
  signal: AbortSignalLike | undefined;
}

const secretOf = (name: string) => `${name}-SECRET-${'s'.repeat(52)}`;
const nameOf = (apiKey: string) => apiKey.slice(0, apiKey.indexOf('-SECRET-'));

/** An in-memory AskSage that records calls and answers with `behaviour` (the default: a fixed completion). */
function createScriptedUpstream(behaviour: Behaviour = () => success('Hello there')) {
  const calls: UpstreamCall[] = [];
  const client: UpstreamClient = {
    async query(query: AskSageQuery, options: UpstreamCallOptions) {
      const call = { query, apiKey: options.apiKey, keyName: nameOf(options.apiKey), signal: options.signal };
      calls.push(call);
      return (await behaviour(call)) as never;
    },
    async getModels() {
      return { data: [] };
    },
  };
  return { client, calls };
}

/** A reply the test releases by hand; it rejects with request_aborted as soon as the call's signal fires. */
function createHeldReply(signal: AbortSignalLike | undefined) {
  let release: (body: unknown) => void = () => undefined;
  const promise = new Promise<unknown>((resolve, reject) => {
    release = resolve;
    signal?.addEventListener('abort', () => reject(new ProxyError('request_aborted', 'aborted')), { once: true });
  });
  return { promise, release: (body: unknown) => release(body) };
}

const success = (text: string) => ({ message: `\n\n${text}`, response: 'OK', status: 200, uuid: 'u-1', references: '', type: 'chat' });
const tokenInvalid = { response: 'Token is invalid [2]', status: 400 };
const unavailable = () => new ProxyError('upstream_unavailable', 'AskSage answered HTTP 503.', { isRetryable: true, keyVerdict: 'failure' });
const badRequest = () => new ProxyError('invalid_request', 'AskSage answered HTTP 400.', { isRetryable: false });

const models: ModelEntry[] = [
  { id: 'gpt-4o', type: 'chat', aliases: ['gpt-4o-latest'] },
  { id: 'claude-35-sonnet', type: 'chat', keys: ['key_2'] },
  { id: 'secret-model', type: 'chat', keys: ['somebody_else'] },
  { id: 'nobody-model', type: 'chat', keys: [] },
  { id: 'text-embedding-3-small', type: 'embedding' },
];

function setUp(options: { keys?: number; behaviour?: Behaviour; service?: ProxyServiceOptions; random?: number } = {}) {
  const keyConfigs: ApiKeyConfig[] = Array.from({ length: options.keys ?? 2 }, (_, index) => ({
    name: `key_${index + 1}`,
    key: secretOf(`key_${index + 1}`),
    weight: 1,
  }));
  const clock = createTestClock();
  const random = { next: () => options.random ?? 0.5 };
  const { logger, calls: logs } = createRecordingLogger();
  const keyPool = createKeyPool({ keys: keyConfigs, clock, random, logger });
  const upstream = createScriptedUpstream(options.behaviour);
  let sequence = 0;
  const ids = { next: (kind: string) => `${kind}-${(sequence += 1)}` };
  const service = createProxyService({
    upstream: upstream.client,
    keyPool,
    catalog: createModelCatalog(models, { defaultCreated: 1_700_000_000 }),
    clock,
    random,
    ids,
    logger,
    options: options.service,
  });
  const status = (name: string) => keyPool.snapshot().find((entry) => entry.name === name);
  const noSecretLogged = () => {
    const text = JSON.stringify(logs);
    for (const config of keyConfigs) expect(text).not.toContain(config.key);
    expect(text).not.toContain('-SECRET-');
  };
  return { service, upstream, keyPool, clock, logs, status, noSecretLogged };
}

const request = (model = 'gpt-4o', extra: Partial<ChatCompletionCreateParams> = {}): ChatCompletionCreateParams => ({
  model,
  messages: [{ role: 'user', content: 'Say hello' }],
  ...extra,
});
const context = (signal?: AbortSignalLike) => ({ requestId: 'req-1', signal });

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
    const { service, upstream } = setUp();
    const completion = await service.createChatCompletion(request('gpt-4o-latest'), context());
    expect(completion).toMatchObject({ object: 'chat.completion', model: 'gpt-4o', id: expect.stringMatching(/^chatcmpl/) });
    expect(completion.choices[0]?.message.content).toBe('Hello there');
    expect(upstream.calls).toHaveLength(1);
    expect(upstream.calls[0]?.query.model).toBe('gpt-4o');
  });

  it('fails over to the second key when the first answers 503; the client sees one completion', async () => {
    const { service, upstream, logs, status, noSecretLogged } = setUp({
      behaviour: (call) => (call.keyName === 'key_1' ? Promise.reject(unavailable()) : success('from key 2')),
    });
    const completion = await service.createChatCompletion(request(), context());
    expect(completion.choices[0]?.message.content).toBe('from key 2');
    expect(upstream.calls.map((call) => call.keyName)).toEqual(['key_1', 'key_2']);
    expect(status('key_1')).toMatchObject({ consecutiveFailures: 1, failures: 1, lastError: 'upstream_unavailable' });
    const warning = logs.find((log) => log.level === 'warn');
    expect(warning?.fields).toMatchObject({ key: 'key_1', attempt: 1, code: 'upstream_unavailable' });
    noSecretLogged();
  });

  it('serves every request while one of three keys turns invalid mid-run, and stops using that key', async () => {
    let key2Revoked = false;
    const { service, upstream, logs, status, noSecretLogged } = setUp({
      keys: 3,
      behaviour: (call) => (call.keyName === 'key_2' && key2Revoked ? tokenInvalid : success(`from ${call.keyName}`)),
    });
    const failures: unknown[] = [];
    for (let index = 0; index < 30; index += 1) {
      if (index === 5) key2Revoked = true;
      await service.createChatCompletion(request(), context()).catch((error: unknown) => failures.push(error));
    }
    expect(failures).toEqual([]);
    const key2CallsAfterRevocation = upstream.calls.slice(5).filter((call) => call.keyName === 'key_2');
    expect(key2CallsAfterRevocation).toHaveLength(1);
    expect(status('key_2')?.state).toBe('invalid');
    const errors = logs.filter((log) => log.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toContain('key_2');
    noSecretLogged();
  });

  it('retries the same key after a transient failure when it is the only key', async () => {
    let calls = 0;
    const { service, upstream } = setUp({
      keys: 1,
      behaviour: () => (++calls === 1 ? Promise.reject(unavailable()) : success('second time lucky')),
    });
    const completion = await service.createChatCompletion(request(), context());
    expect(completion.choices[0]?.message.content).toBe('second time lucky');
    expect(upstream.calls.map((call) => call.keyName)).toEqual(['key_1', 'key_1']);
  });

  it('never retries a key AskSage declared invalid', async () => {
    const { service, upstream } = setUp({ keys: 1, behaviour: () => tokenInvalid });
    const error = await rejection(service.createChatCompletion(request(), context()));
    expect(error.keyVerdict).toBe('invalid');
    expect(upstream.calls).toHaveLength(1);
  });

  it('throws a non-retryable error at once', async () => {
    const { service, upstream } = setUp({ keys: 3, behaviour: () => Promise.reject(badRequest()) });
    const error = await rejection(service.createChatCompletion(request(), context()));
    expect(error.code).toBe('invalid_request');
    expect(upstream.calls).toHaveLength(1);
  });

  it('stops after maxAttempts and throws the last error', async () => {
    const { service, upstream } = setUp({ keys: 5, behaviour: () => Promise.reject(unavailable()), service: { maxAttempts: 3 } });
    const error = await rejection(service.createChatCompletion(request(), context()));
    expect(error.code).toBe('upstream_unavailable');
    expect(upstream.calls).toHaveLength(3);
    expect(new Set(upstream.calls.map((call) => call.keyName)).size).toBe(3);
  });

  it('does not retry keys AskSage says may not use the model, without blaming them', async () => {
    const notEntitled = () => new ProxyError('model_not_entitled', 'not authorized for this model', { isRetryable: true });
    const { service, upstream, status } = setUp({ keys: 2, behaviour: () => Promise.reject(notEntitled()), service: { maxAttempts: 5 } });
    const error = await rejection(service.createChatCompletion(request(), context()));
    expect(error.code).toBe('model_not_entitled');
    expect(upstream.calls.map((call) => call.keyName)).toEqual(['key_1', 'key_2']);
    expect(status('key_1')).toMatchObject({ state: 'healthy', failures: 0 });
  });

  it('answers no_healthy_key with a Retry-After when every key is out, without calling AskSage', async () => {
    const { service, upstream, keyPool } = setUp({ keys: 2 });
    const limited = new ProxyError('upstream_rate_limited', 'slow down', { isRetryable: true, keyVerdict: 'rate_limited', retryAfterSeconds: 5 });
    keyPool.reportFailure('key_1', limited);
    keyPool.reportFailure('key_2', new ProxyError('upstream_authentication', 'bad', { isRetryable: true, keyVerdict: 'invalid' }));
    const error = await rejection(service.createChatCompletion(request(), context()));
    expect(error).toMatchObject({ code: 'no_healthy_key', isRetryable: true, retryAfterSeconds: 5 });
    expect(error.message).toMatch(/All 2 keys/);
    expect(error.message).toContain('key_1');
    expect(error.message).toContain('key_2');
    expect(error.message).not.toContain('-SECRET-');
    expect(upstream.calls).toHaveLength(0);
  });

  it('sends a model only to the keys entitled to it', async () => {
    const { service, upstream } = setUp({ keys: 3 });
    for (let index = 0; index < 4; index += 1) await service.createChatCompletion(request('claude-35-sonnet'), context());
    expect(upstream.calls.map((call) => call.apiKey)).toEqual(Array(4).fill(secretOf('key_2')));
  });

  it('answers model_not_entitled when no configured key may use the model', async () => {
    const { service, upstream } = setUp();
    for (const model of ['secret-model', 'nobody-model']) {
      const error = await rejection(service.createChatCompletion(request(model), context()));
      expect(error.code).toBe('model_not_entitled');
      expect(error.message).toContain(model);
    }
    expect(upstream.calls).toHaveLength(0);
  });

  it('rejects unknown and non-chat models before calling AskSage', async () => {
    const { service, upstream } = setUp();
    expect((await rejection(service.createChatCompletion(request('gpt-4oo'), context()))).code).toBe('model_not_found');
    expect((await rejection(service.createChatCompletion(request('text-embedding-3-small'), context()))).param).toBe('model');
    expect(upstream.calls).toHaveLength(0);
  });

  it("stops on the caller's abort without retrying or blaming the key", async () => {
    const controller = new AbortController();
    const { service, upstream, status } = setUp({
      keys: 2,
      behaviour: (call) => {
        const held = createHeldReply(call.signal);
        controller.abort();
        return held.promise;
      },
    });
    const error = await rejection(service.createChatCompletion(request(), context(controller.signal)));
    expect(error.code).toBe('request_aborted');
    expect(upstream.calls).toHaveLength(1);
    expect(status('key_1')).toMatchObject({ failures: 0, consecutiveFailures: 0, state: 'healthy' });
  });

  it('stops when the caller aborts during the backoff before a retry', async () => {
    const controller = new AbortController();
    const { service, upstream } = setUp({
      behaviour: () => {
        controller.abort();
        return Promise.reject(unavailable());
      },
    });
    const error = await rejection(service.createChatCompletion(request(), context(controller.signal)));
    expect(error.code).toBe('request_aborted');
    expect(upstream.calls).toHaveLength(1);
  });
});

describe('createProxyService.streamChatCompletion', () => {
  it('yields the role chunk before AskSage answers, then the content with the same id', async () => {
    const held: Array<ReturnType<typeof createHeldReply>> = [];
    const { service, upstream } = setUp({
      behaviour: (call) => {
        held.push(createHeldReply(call.signal));
        return held[held.length - 1]?.promise;
      },
    });
    const stream = await service.streamChatCompletion(request('gpt-4o-latest', { stream: true, stream_options: { include_usage: true } }), context());
    const iterator = stream[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.value).toMatchObject({ object: 'chat.completion.chunk', model: 'gpt-4o', choices: [{ delta: { role: 'assistant' } }] });
    expect(upstream.calls).toHaveLength(0);

    const second = iterator.next();
    await new Promise((resolve) => setImmediate(resolve));
    expect(upstream.calls).toHaveLength(1);
    held[0]?.release(success('Streamed\n  text'));
    const rest: ChatCompletionChunk[] = [(await second).value as ChatCompletionChunk];
    for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) rest.push(next.value);

    const id = (first.value as ChatCompletionChunk).id;
    expect(rest.every((chunk) => chunk.id === id)).toBe(true);
    expect(rest.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('Streamed\n  text');
    expect(rest.filter((chunk) => chunk.choices[0]?.finish_reason === 'stop')).toHaveLength(1);
    expect(rest[rest.length - 1]).toMatchObject({ choices: [], usage: expect.any(Object) });
  });

  it('rejects before streaming when the model is unknown or not entitled', async () => {
    const { service, upstream } = setUp();
    expect((await rejection(service.streamChatCompletion(request('gpt-4oo'), context()))).code).toBe('model_not_found');
    expect((await rejection(service.streamChatCompletion(request('secret-model'), context()))).code).toBe('model_not_entitled');
    expect(upstream.calls).toHaveLength(0);
  });

  it('throws a failure after the role chunk from the iterator', async () => {
    const { service } = setUp({ behaviour: () => Promise.reject(badRequest()) });
    const stream = await service.streamChatCompletion(request(), context());
    const iterator = stream[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toMatchObject({ choices: [{ delta: { role: 'assistant' } }] });
    expect((await rejection(iterator.next())).code).toBe('invalid_request');
  });

  it('fails over inside the stream too', async () => {
    const { service } = setUp({
      behaviour: (call) => (call.keyName === 'key_1' ? Promise.reject(unavailable()) : success('from key 2')),
    });
    const chunks = await collect(await service.streamChatCompletion(request(), context()));
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('from key 2');
  });

  it('cancels the upstream call when the client disconnects', async () => {
    const controller = new AbortController();
    const { service, upstream, status } = setUp({ behaviour: (call) => createHeldReply(call.signal).promise });
    const stream = await service.streamChatCompletion(request(), context(controller.signal));
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    const pending = iterator.next();
    await new Promise((resolve) => setImmediate(resolve));
    expect(upstream.calls[0]?.signal?.aborted).toBe(false);
    controller.abort();
    expect(upstream.calls[0]?.signal?.aborted).toBe(true);
    expect((await rejection(pending)).code).toBe('request_aborted');
    expect(upstream.calls).toHaveLength(1);
    expect(status('key_1')?.failures).toBe(0);
  });

  it('cancels the upstream call when the consumer stops iterating', async () => {
    const { service, upstream } = setUp({ behaviour: (call) => createHeldReply(call.signal).promise });
    const stream = await service.streamChatCompletion(request(), context());
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    const pending = iterator.next();
    await new Promise((resolve) => setImmediate(resolve));
    await Promise.all([iterator.return?.(), pending.catch(() => undefined)]);
    expect(upstream.calls[0]?.signal?.aborted).toBe(true);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
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
