import { startAskSageSimulator } from '@asksage-proxy/asksage-simulator';
import { createAskSagePassthroughClient } from './create-asksage-passthrough-client';

const key = 'passthrough-header-key-00000000000000000000000000000000000000000';

describe('createAskSagePassthroughClient', () => {
  it('puts the key in the header each surface expects, never in x-access-tokens', async () => {
    const simulator = await startAskSageSimulator({ keys: [{ key }], models: ['gpt-4o-mini'] });
    const client = createAskSagePassthroughClient({ serverBaseUrl: `${simulator.serverBaseUrl}/` });
    try {
      await client.send('openai-chat', { model: 'gpt-4o-mini', messages: [] }, { apiKey: key });
      await client.send('openai-responses', { model: 'gpt-4o-mini', input: 'x' }, { apiKey: key });
      await client.send('anthropic-messages', { model: 'gpt-4o-mini', max_tokens: 5, messages: [] }, { apiKey: key });
      const [chat, responses, messages] = simulator.requests();
      expect(chat).toMatchObject({ path: '/server/openai/v1/chat/completions', headers: { authorization: `Bearer ${key}` } });
      expect(responses).toMatchObject({ path: '/server/openai/v1/responses', headers: { authorization: `Bearer ${key}` } });
      expect(messages).toMatchObject({ path: '/server/anthropic/v1/messages', headers: { 'x-api-key': key, 'anthropic-version': '2023-06-01' } });
      for (const recorded of simulator.requests()) expect(recorded.headers['x-access-tokens']).toBeUndefined();
    } finally {
      client.close();
      await simulator.close();
    }
  });

  it('hands a stream on before the upstream has finished it', async () => {
    const simulator = await startAskSageSimulator({ keys: [{ key }], models: ['gpt-4o-mini'] });
    const client = createAskSagePassthroughClient({ serverBaseUrl: simulator.serverBaseUrl });
    const gate = simulator.holdStreams();
    try {
      const reply = await client.sendStream('openai-chat', { model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'a message long enough to stream' }] }, { apiKey: key });
      const iterator = reply.body[Symbol.asyncIterator]();
      const first = await iterator.next();
      expect(String(Buffer.from(first.value as Uint8Array))).toContain('chat.completion.chunk');
      expect(simulator.streamFramesWritten()).toBe(1);
      gate.release();
      let rest = '';
      for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) rest += Buffer.from(next.value).toString();
      expect(rest.trimEnd().endsWith('data: [DONE]')).toBe(true);
      expect(simulator.streamFramesWritten()).toBeGreaterThan(2);
    } finally {
      gate.release();
      client.close();
      await simulator.close();
    }
  });
});
