import { ProxyError } from '../errors/proxy-error';
import type { AskSageQuery } from '../types/asksage';
import { createFakeUpstreamClient } from './fake-upstream-client';

const query = (model: string, message = 'hello'): AskSageQuery => ({ message, model, dataset: 'none', limit_references: 0, live: 0, temperature: 0, usage: false });

describe('createFakeUpstreamClient', () => {
  it('records every call with the key used and echoes the last turn in a realistic envelope', async () => {
    const fake = createFakeUpstreamClient();
    const reply = await fake.query({ ...query('gpt-4o'), message: [{ user: 'me', message: 'first' }, { user: 'gpt', message: 'ok' }, { user: 'me', message: 'second' }] }, { apiKey: 'key-a' });
    await fake.getModels({});
    expect(reply).toMatchObject({ message: '\n\nEcho: second', response: 'OK', status: 200, usage: null, type: 'completion' });
    expect(fake.calls.map((call) => [call.method, call.apiKey])).toEqual([['query', 'key-a'], ['getModels', undefined]]);
    expect(fake.queries()[0]?.query?.model).toBe('gpt-4o');
  });

  it('serves scripted steps in order, only to matching calls, then falls back to the default reply', async () => {
    const fake = createFakeUpstreamClient();
    fake.enqueue({ kind: 'text', text: 'for key-b' }, { apiKey: 'key-b' });
    fake.enqueue({ kind: 'error', error: new ProxyError('upstream_unavailable', 'down', { isRetryable: true }) }, { model: 'gpt-4o', times: 2 });
    await expect(fake.query(query('gpt-4o'), { apiKey: 'key-a' })).rejects.toMatchObject({ code: 'upstream_unavailable' });
    expect((await fake.query(query('gpt-4o-mini'), { apiKey: 'key-b' })).message).toBe('\n\nfor key-b');
    await expect(fake.query(query('gpt-4o'), { apiKey: 'key-a' })).rejects.toMatchObject({ code: 'upstream_unavailable' });
    expect((await fake.query(query('gpt-4o'), { apiKey: 'key-a' })).message).toBe('\n\nEcho: hello');
  });

  it('answers a revoked key with the HTTP-200 Token is invalid envelope until it is restored', async () => {
    const fake = createFakeUpstreamClient({ invalidKeys: ['bad'] });
    expect(await fake.query(query('gpt-4o'), { apiKey: 'bad' })).toEqual({ response: 'Token is invalid [2]', status: 400 });
    fake.setKeyValid('bad', true);
    fake.setKeyValid('good', false);
    expect((await fake.query(query('gpt-4o'), { apiKey: 'bad' })).status).toBe(200);
    expect((await fake.query(query('gpt-4o'), { apiKey: 'good' })).response).toBe('Token is invalid [2]');
  });

  it('narrows getModels to a key\'s entitlements and reports usage only when asked', async () => {
    const fake = createFakeUpstreamClient({ models: ['a', 'b', 'c'], entitlements: { 'key-a': ['b'] } });
    expect(await fake.getModels({ apiKey: 'key-a' })).toMatchObject({ response: ['b'], data: [{ id: 'b', object: 'model' }] });
    expect(await fake.getModels({})).toMatchObject({ response: ['a', 'b', 'c'] });
    const reply = await fake.query({ ...query('a'), usage: true }, { apiKey: 'key-a' });
    expect(reply.usage?.model_tokens?.prompt_tokens).toBeGreaterThan(0);
  });

  it('keeps a stalled call open until its signal fires, then rejects request_aborted', async () => {
    const fake = createFakeUpstreamClient();
    fake.enqueue({ kind: 'stall' });
    const controller = new AbortController();
    const pending = fake.query(query('gpt-4o'), { apiKey: 'key-a', signal: controller.signal });
    expect(fake.openCalls()).toBe(1);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'request_aborted', keyVerdict: undefined });
    expect(fake.openCalls()).toBe(0);
  });

  it('lets a reply function decide unscripted calls', async () => {
    const fake = createFakeUpstreamClient({ reply: (call) => (call.query?.model === 'slow' ? { kind: 'fault', fault: { kind: 'reset' } } : undefined) });
    await expect(fake.query(query('slow'), { apiKey: 'k' })).rejects.toMatchObject({ code: 'upstream_unavailable', isRetryable: true });
    expect((await fake.query(query('fast'), { apiKey: 'k' })).message).toBe('\n\nEcho: hello');
  });
});
