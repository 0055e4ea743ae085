import { createModelCatalog } from '../catalog/index';
import type { ModelEntry } from '../catalog/model-entry';
import { isProxyError, ProxyError } from '../errors/proxy-error';
import { createKeyPool } from '../key-pool/create-key-pool';
import type { PassthroughSurface } from '../ports/passthrough-client';
import { createFakePassthroughClient, createInstantClock, createRecordingLogger, createRecordingObserver, createSeededRandom } from '../testing/index';
import { createPassthroughGateway } from './create-passthrough-gateway';
import type { PassthroughOutcome } from './create-passthrough-gateway';

const secretOf = (name: string) => `${name}-SECRET-${'s'.repeat(52)}`;
const models: ModelEntry[] = [
  { id: 'gpt-4o-mini', type: 'chat', aliases: ['mini'] },
  { id: 'google-claude-45-haiku', type: 'chat', aliases: ['claude-haiku'] },
  { id: 'text-embedding-3-small', type: 'embedding' },
];

function setUp(validKeys: string[] = ['key_1', 'key_2']) {
  const keys = ['key_1', 'key_2'].map((name) => ({ name, key: secretOf(name), weight: 1 }));
  const clock = createInstantClock(Date.UTC(2026, 0, 1));
  const { logger } = createRecordingLogger();
  const observer = createRecordingObserver();
  const keyPool = createKeyPool({ keys, clock });
  const client = createFakePassthroughClient({ validKeys: validKeys.map(secretOf), models: models.map((model) => model.id) });
  const gateway = createPassthroughGateway({ passthrough: client, keyPool, catalog: createModelCatalog(models, { defaultCreated: 1 }), clock, random: createSeededRandom(3), logger, observer: observer.observer });
  const forward = (surface: PassthroughSurface, body: unknown) => gateway.forward(surface, body, { requestId: 'req_1' });
  const keysUsed = () => client.calls.map((call) => call.apiKey.slice(0, call.apiKey.indexOf('-SECRET-')));
  return { client, gateway, forward, keysUsed, keyPool, observer };
}

async function readText(outcome: PassthroughOutcome): Promise<string> {
  if (outcome.kind !== 'stream') throw new Error(`expected a stream, got ${JSON.stringify(outcome)}`);
  let text = '';
  for await (const chunk of outcome.chunks) text += String(chunk);
  return text;
}

async function rejection(promise: Promise<unknown>) {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  if (!isProxyError(error)) throw new Error(`expected a ProxyError, got ${String(error)}`);
  return error;
}

describe('createPassthroughGateway', () => {
  it('sends the resolved AskSage id, not the alias the client used', async () => {
    const { forward, client } = setUp();
    const outcome = await forward('openai-chat', { model: 'mini', messages: [{ role: 'user', content: 'hi' }] });
    expect(outcome).toMatchObject({ kind: 'reply', status: 200, model: 'gpt-4o-mini' });
    expect(client.calls[0]?.body.model).toBe('gpt-4o-mini');
  });

  it('fails over to the next key when the first answers the HTTP-200 Token is invalid envelope, and takes it out', async () => {
    const { forward, keysUsed, keyPool } = setUp(['key_2']);
    const outcome = await forward('openai-chat', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    expect(outcome.kind === 'reply' && (outcome.body as { object?: string }).object).toBe('chat.completion');
    expect(keysUsed()).toEqual(['key_1', 'key_2']);
    expect(keyPool.snapshot().find((entry) => entry.name === 'key_1')?.state).toBe('invalid');
  });

  it('tells the caller which key served after how many attempts, with the tokens, for whole replies and streams', async () => {
    const { gateway } = setUp(['key_2']);
    const summaries: unknown[] = [];
    const onFinished = (summary: unknown) => summaries.push(summary);
    await gateway.forward('openai-chat', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }, { requestId: 'req_1', onFinished });
    expect(summaries).toEqual([{ attempts: 2, key: 'key_2', inputTokens: expect.any(Number), outputTokens: expect.any(Number) }]);
    await readText(await gateway.forward('openai-chat', { model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'hi' }] }, { requestId: 'req_2', onFinished }));
    expect(summaries[1]).toEqual({ attempts: 1, key: 'key_2' });
    await gateway.forward('openai-chat', { model: 'no-such-model', messages: [] }, { requestId: 'req_3', onFinished }).catch(() => undefined);
    expect(summaries[2]).toEqual({ attempts: 0, code: 'model_not_found' });
  });

  it('recognises the envelope at the start of a stream and fails over before the first byte', async () => {
    const { forward, keysUsed, observer } = setUp(['key_2']);
    const outcome = await forward('anthropic-messages', { model: 'claude-haiku', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'hi' }] });
    const text = await readText(outcome);
    expect(text).toContain('event: message_stop');
    const deltas = [...text.matchAll(/"text_delta","text":"([^"]*)"/g)].map((match) => match[1]).join('');
    expect(deltas).toBe('Echo from google-claude-45-haiku: hi');
    expect(keysUsed()).toEqual(['key_1', 'key_2']);
    expect(observer.events.filter((event) => event.type === 'firstEvent')).toHaveLength(1);
  });

  it('turns the envelope into upstream_authentication (key redacted) once every key is refused', async () => {
    const { forward } = setUp([]);
    const error = await rejection(forward('openai-chat', { model: 'gpt-4o-mini', stream: true, messages: [] }));
    expect(error.code).toBe('upstream_authentication');
    expect(error.message).not.toContain('-SECRET-');
  });

  it('passes the surface\'s own 400 through in its dialect, without failing over', async () => {
    const { forward, keysUsed, client } = setUp();
    client.enqueue({ kind: 'reply', status: 400, body: { error: { message: 'Unsupported model: x', type: 'invalid_request_error' } } });
    const outcome = await forward('openai-chat', { model: 'gpt-4o-mini', messages: [] });
    expect(outcome).toMatchObject({ kind: 'reply', status: 400, body: { error: { message: 'Unsupported model: x' } } });
    expect(keysUsed()).toHaveLength(1);
  });

  it('fails over on an HTTP 503', async () => {
    const { forward, keysUsed, client } = setUp();
    client.enqueue({ kind: 'fault', fault: { kind: 'http', status: 503 } });
    const outcome = await forward('openai-responses', { model: 'gpt-4o-mini', input: 'hi' });
    expect(outcome).toMatchObject({ kind: 'reply', status: 200 });
    expect(keysUsed()).toHaveLength(2);
  });

  it('refuses more than 128 tools on the OpenAI surfaces with a clear invalid_request, before any call', async () => {
    const { forward, client } = setUp();
    const tools = Array.from({ length: 129 }, (_, index) => ({ type: 'function', function: { name: `tool_${index}` } }));
    const error = await rejection(forward('openai-chat', { model: 'gpt-4o-mini', messages: [], tools }));
    expect(error).toMatchObject({ code: 'invalid_request', param: 'tools' });
    expect(error.message).toMatch(/129 tools.*at most 128/);
    expect(client.calls).toHaveLength(0);
    await expect(forward('openai-chat', { model: 'gpt-4o-mini', messages: [], tools: tools.slice(0, 128) })).resolves.toMatchObject({ status: 200 });
  });

  it('strips top-level fields the Anthropic surface refuses and sends a max_tokens when the client sent none', async () => {
    const { forward, client } = setUp();
    await forward('anthropic-messages', { model: 'claude-haiku', messages: [{ role: 'user', content: 'hi' }], context_management: {}, output_config: {}, system: 'be brief', thinking: { type: 'enabled', budget_tokens: 1024 } });
    const sent = client.calls[0]?.body ?? {};
    expect(Object.keys(sent).sort()).toEqual(['max_tokens', 'messages', 'model', 'system', 'thinking']);
    expect(sent.max_tokens).toBe(4096);
    await forward('anthropic-messages', { model: 'claude-haiku', messages: [], max_tokens: 32000 });
    expect(client.calls[1]?.body.max_tokens).toBe(32000);
  });

  it('refuses unknown and embedding models before any call', async () => {
    const { forward, client } = setUp();
    expect((await rejection(forward('openai-chat', { model: 'nope', messages: [] }))).code).toBe('model_not_found');
    expect((await rejection(forward('openai-chat', { model: 'text-embedding-3-small', messages: [] }))).code).toBe('invalid_request');
    expect((await rejection(forward('openai-chat', [1, 2]))).code).toBe('invalid_request');
    expect(client.calls).toHaveLength(0);
  });

  it('reports an error thrown mid-stream, after the first byte, without failing over', async () => {
    const { forward, client, keysUsed, observer } = setUp();
    client.enqueue({ kind: 'reads', reads: ['data: {"a":1}\n\n'], thenError: new ProxyError('upstream_unavailable', 'cut', { isRetryable: true }) });
    const outcome = await forward('openai-chat', { model: 'gpt-4o-mini', stream: true, messages: [] });
    await expect(readText(outcome)).rejects.toMatchObject({ code: 'upstream_unavailable' });
    expect(keysUsed()).toHaveLength(1);
    expect(observer.events.find((event) => event.type === 'requestFinished')).toMatchObject({ event: { outcome: 'error', code: 'upstream_unavailable' } });
  });
});
