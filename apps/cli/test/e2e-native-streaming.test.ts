/**
 * Native upstream streaming, end to end: the real CLI, the simulator streaming `@|@sep@|@` frames, the official
 * `openai` client. Time to first token is shown by order, never by time: the client reads its first delta while the
 * simulator still holds the rest of the answer.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { startAskSageSimulator } from '@asksage-proxy/asksage-simulator';
import { startProxyProcess } from './support/start-proxy-process';

const KEY_A = 'native-stream-key-a-'.padEnd(64, 'a');
const KEY_B = 'native-stream-key-b-'.padEnd(64, 'b');
const tricky = 'Line one\n  indented 👩‍💻 line\r\n\n```ts\nconst x = 1;\n```\nénd of the answer, long enough to be cut into several frames.';
const askFor = (text: string) => [{ role: 'user' as const, content: `[[text:${Buffer.from(text).toString('base64')}]]` }];

async function startPair(mode: 'delta' | 'cumulative' | 'single' | 'ignore' | 'contradicting', extraConfig: Record<string, unknown> = {}) {
  const simulator = await startAskSageSimulator({ keys: [{ key: KEY_A }, { key: KEY_B }], streamYieldMode: mode });
  const proxy = await startProxyProcess({
    config: {
      api_keys: [{ key: KEY_A, name: 'a' }, { key: KEY_B, name: 'b' }],
      asksage_server_base_url: simulator.serverBaseUrl,
      asksage_user_base_url: simulator.userBaseUrl,
      ...extraConfig,
    },
  });
  const client = new OpenAI({ baseURL: proxy.baseURL, apiKey: 'unused', maxRetries: 0 });
  return { simulator, proxy, client, close: async () => { await proxy.stop(); await simulator.close(); } };
}

async function streamedText(client: OpenAI, text: string): Promise<string> {
  const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: askFor(text), stream: true });
  let content = '';
  for await (const chunk of stream) content += chunk.choices[0]?.delta.content ?? '';
  return content;
}

describe('native streaming through the CLI', () => {
  it('delivers the first delta while AskSage is still generating the rest', async () => {
    const pair = await startPair('delta');
    try {
      const hold = pair.simulator.holdStreams();
      const stream = await pair.client.chat.completions.create({ model: 'gpt-4o', messages: askFor(tricky), stream: true });
      const iterator = stream[Symbol.asyncIterator]();
      let first = '';
      while (first === '') {
        const next = await iterator.next();
        expect(next.done).toBe(false);
        first = next.value.choices[0]?.delta.content ?? '';
      }
      // The simulator has written its first frame only; the answer's end is still held back.
      expect(pair.simulator.streamFramesWritten()).toBe(1);
      expect(tricky.startsWith(first)).toBe(true);
      hold.release();
      let rest = '';
      for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) rest += next.value.choices[0]?.delta.content ?? '';
      expect(first + rest).toBe(tricky);
      const [query] = pair.simulator.requests().filter((request) => request.path === '/server/query');
      expect(query?.body).toMatchObject({ streaming: true });
    } finally {
      await pair.close();
    }
  });

  it('delivers the first text delta of Anthropic Messages and of the Responses API while AskSage still holds the rest', async () => {
    const pair = await startPair('delta');
    try {
      const anthropic = new Anthropic({ baseURL: pair.proxy.url, apiKey: 'unused', maxRetries: 0 });
      let hold = pair.simulator.holdStreams();
      const message = await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 1024, messages: askFor(tricky), stream: true });
      const anthropicEvents = message[Symbol.asyncIterator]();
      let first = '';
      while (first === '') {
        const next = await anthropicEvents.next();
        expect(next.done).toBe(false);
        if (next.value.type === 'content_block_delta' && next.value.delta.type === 'text_delta') first = next.value.delta.text;
      }
      expect(pair.simulator.streamFramesWritten()).toBe(1);
      expect(tricky.startsWith(first)).toBe(true);
      hold.release();
      for (let next = await anthropicEvents.next(); next.done !== true; next = await anthropicEvents.next());
      const framesBefore = pair.simulator.streamFramesWritten();
      hold = pair.simulator.holdStreams();
      const response = await pair.client.responses.create({ model: 'gpt-4o', input: askFor(tricky), stream: true });
      const responseEvents = response[Symbol.asyncIterator]();
      first = '';
      while (first === '') {
        const next = await responseEvents.next();
        expect(next.done).toBe(false);
        if (next.value.type === 'response.output_text.delta') first = next.value.delta;
      }
      expect(pair.simulator.streamFramesWritten()).toBe(framesBefore + 1);
      expect(tricky.startsWith(first)).toBe(true);
      hold.release();
      for (let next = await responseEvents.next(); next.done !== true; next = await responseEvents.next());
    } finally {
      await pair.close();
    }
  });

  it.each(['delta', 'cumulative', 'single', 'ignore'] as const)('streams byte for byte what the whole answer holds (%s frames)', async (mode) => {
    const pair = await startPair(mode);
    try {
      const whole = await pair.client.chat.completions.create({ model: 'gpt-4o', messages: askFor(tricky) });
      expect(whole.choices[0]?.message.content).toBe(tricky);
      expect(await streamedText(pair.client, tricky)).toBe(tricky);
    } finally {
      await pair.close();
    }
  });

  it.each(['delta', 'cumulative', 'single', 'ignore'] as const)('streams byte for byte in Anthropic Messages and the Responses API too (%s frames)', async (mode) => {
    const pair = await startPair(mode);
    try {
      const anthropic = new Anthropic({ baseURL: pair.proxy.url, apiKey: 'unused', maxRetries: 0 });
      const message = anthropic.messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 1024, messages: askFor(tricky) });
      let anthropicDeltas = '';
      message.on('text', (text) => (anthropicDeltas += text));
      const final = await message.finalMessage();
      expect(anthropicDeltas).toBe(tricky);
      expect(final.content).toEqual([{ type: 'text', text: tricky }]);
      const response = pair.client.responses.stream({ model: 'gpt-4o', input: askFor(tricky) });
      let responsesDeltas = '';
      response.on('response.output_text.delta', (event) => (responsesDeltas += event.delta));
      const finished = await response.finalResponse();
      expect(responsesDeltas).toBe(tricky);
      expect(finished.output_text).toBe(tricky);
      const queries = pair.simulator.requests().filter((request) => request.path === '/server/query');
      expect(queries.map((query) => (query.body as { streaming?: unknown }).streaming)).toEqual([true, true]);
    } finally {
      await pair.close();
    }
  });

  it('fails over before the first event when the first key is rejected, and never after it', async () => {
    const pair = await startPair('delta');
    try {
      pair.simulator.setKeyInvalid(KEY_A, true);
      expect(await streamedText(pair.client, tricky)).toBe(tricky);
      // Whichever key the pool picked first, the stream came through: with alpha first, it was rejected and b answered.
      const keysTried = pair.simulator.requests().filter((request) => request.path === '/server/query').map((request) => request.resolvedKey);
      expect(keysTried.at(-1)).toBe(KEY_B);
      expect(keysTried.length === 1 || (keysTried.length === 2 && keysTried[0] === KEY_A)).toBe(true);
      pair.simulator.setKeyInvalid(KEY_A, false);
      pair.simulator.reset();
      // A stream that breaks after its first frame ends in-band on the same key: its text may not be replayed.
      pair.simulator.injectFault({ kind: 'stream-error' });
      const hold = pair.simulator.holdStreams();
      const stream = await pair.client.chat.completions.create({ model: 'gpt-4o', messages: askFor(tricky), stream: true });
      let received = '';
      const failure = await (async () => {
        for await (const chunk of stream) {
          received += chunk.choices[0]?.delta.content ?? '';
          // The first text is with the client: only now does the simulator send its error frame.
          if (received !== '') hold.release();
        }
      })().then(() => undefined, (error: unknown) => error);
      expect(received.length).toBeGreaterThan(0);
      expect(tricky.startsWith(received)).toBe(true);
      expect(String((failure as Error | undefined)?.message)).toMatch(/AskSage/);
      expect(pair.simulator.requests().filter((request) => request.path === '/server/query')).toHaveLength(1);
    } finally {
      await pair.close();
    }
  });

  it('answers a stream that fails before AskSage sent anything with the real status: 429 with retry-after, which the SDK retries on', async () => {
    const pair = await startPair('delta');
    try {
      pair.simulator.injectFault({ kind: 'http', status: 429, retryAfter: 7, times: 'always' });
      const error = await pair.client.chat.completions.create({ model: 'gpt-4o', messages: askFor(tricky), stream: true }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.RateLimitError);
      expect((error as InstanceType<typeof OpenAI.RateLimitError>).headers?.get('retry-after')).toBe('7');
    } finally {
      await pair.close();
    }
  });

  it('falls back to whole replies for a model whose final reply contradicts its stream: warned once, later streams exact', async () => {
    const pair = await startPair('contradicting');
    try {
      // The first stream delivers what AskSage streamed (it cannot be taken back) and reveals the contradiction.
      expect(await streamedText(pair.client, tricky)).toBe(`(draft) ${tricky}`);
      // From now on this model is streamed from whole replies: AskSage is no longer asked to stream, the text is exact.
      expect(await streamedText(pair.client, tricky)).toBe(tricky);
      expect(await streamedText(pair.client, tricky)).toBe(tricky);
      const queries = pair.simulator.requests().filter((request) => request.path === '/server/query');
      expect(queries.map((query) => (query.body as { streaming?: unknown }).streaming)).toEqual([true, undefined, undefined]);
      expect(pair.proxy.output().match(/final reply does not continue; this model is streamed from whole replies/g)).toHaveLength(1);
    } finally {
      await pair.close();
    }
  });

  it('with native_streaming: off, asks AskSage for whole replies and synthesizes the stream', async () => {
    const pair = await startPair('delta', { native_streaming: 'off' });
    try {
      expect(await streamedText(pair.client, tricky)).toBe(tricky);
      const [query] = pair.simulator.requests().filter((request) => request.path === '/server/query');
      expect(query?.body).not.toHaveProperty('streaming');
      expect(pair.proxy.output()).toContain('streams synthesized from whole replies');
    } finally {
      await pair.close();
    }
  });
});

describe('the access log line', () => {
  it('names the key that served each request, its tokens and, on failure, the error code; never the key itself', async () => {
    const pair = await startPair('delta');
    try {
      await pair.client.chat.completions.create({ model: 'gpt-4o', messages: askFor('logged answer') });
      await pair.client.chat.completions.create({ model: 'no-such-model', messages: askFor('x') }).catch(() => undefined);
      const accessLines = () =>
        pair.proxy
          .output()
          .split('\n')
          .filter((line) => line.includes('"POST /v1/chat/completions'))
          .map((line) => JSON.parse(line) as Record<string, unknown>);
      // The line is written when the response has closed, just after the client has it.
      for (let tries = 0; tries < 200 && accessLines().length < 2; tries += 1) await new Promise((resolve) => setTimeout(resolve, 10));
      const lines = accessLines();
      expect(lines[0]).toMatchObject({ status: 200, model: 'gpt-4o', key: expect.stringMatching(/^[ab]$/), inputTokens: expect.any(Number), outputTokens: expect.any(Number) });
      expect(lines[1]).toMatchObject({ status: 404, code: 'model_not_found' });
      expect(pair.proxy.output()).not.toContain(KEY_A);
      expect(pair.proxy.output()).not.toContain(KEY_B);
    } finally {
      await pair.close();
    }
  });
});
