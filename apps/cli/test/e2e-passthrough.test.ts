/**
 * Passthrough mode end to end (`upstream_api: passthrough`): the real CLI bundle, the simulator serving AskSage's
 * compatibility surfaces, the official `openai` client. What the proxy keeps doing in this mode is what is tested:
 * pooled keys with failover before the first byte, AskSage's HTTP-200 envelope turned into a proper error (also at
 * the start of a stream), the surfaces' limits, and streams piped as they come (shown by order, never by time).
 */
import OpenAI from 'openai';
import { startAskSageSimulator } from '@asksage-proxy/asksage-simulator';
import type { RunningSimulator } from '@asksage-proxy/asksage-simulator';
import { startProxyProcess } from './support/start-proxy-process';
import type { ProxyProcess } from './support/start-proxy-process';

const KEY_A = 'passthrough-key-a-'.padEnd(64, 'a');
const KEY_B = 'passthrough-key-b-'.padEnd(64, 'b');
const CHAT_PATH = '/server/openai/v1/chat/completions';
const answer = 'Line one\n  indented 👩‍💻 line\n```ts\nconst x = 1;\n```\nénd of an answer long enough to stream in several deltas.';
const askFor = (text: string) => [{ role: 'user' as const, content: `[[text:${Buffer.from(text).toString('base64')}]]` }];

interface Pair {
  simulator: RunningSimulator;
  proxy: ProxyProcess;
  client: OpenAI;
  close(): Promise<void>;
}

async function startPair(extraConfig: Record<string, unknown> = {}): Promise<Pair> {
  const simulator = await startAskSageSimulator({ keys: [{ key: KEY_A }, { key: KEY_B }] });
  const proxy = await startProxyProcess({
    config: {
      api_keys: [{ key: KEY_A, name: 'a' }, { key: KEY_B, name: 'b' }],
      asksage_server_base_url: simulator.serverBaseUrl,
      asksage_user_base_url: simulator.userBaseUrl,
      upstream_api: 'passthrough',
      ...extraConfig,
    },
  });
  const client = new OpenAI({ baseURL: proxy.baseURL, apiKey: 'unused', maxRetries: 0 });
  return { simulator, proxy, client, close: async () => { await proxy.stop(); await simulator.close(); } };
}

const keyOf = (simulator: RunningSimulator) => simulator.requests().filter((request) => request.path === CHAT_PATH).map((request) => (request.resolvedKey === KEY_A ? 'a' : request.resolvedKey === KEY_B ? 'b' : '?'));

describe('passthrough mode through the CLI', () => {
  let pair: Pair;
  beforeAll(async () => {
    pair = await startPair();
  });
  afterAll(() => pair.close());
  beforeEach(() => pair.simulator.reset());

  it('says so in the banner', () => {
    expect(pair.proxy.output()).toContain("passthrough to AskSage's /openai/v1 and /anthropic/v1 surfaces");
  });

  it('answers chat completions through AskSage\'s OpenAI surface with a pooled key, never /query', async () => {
    const completion = await pair.client.chat.completions.create({ model: 'gpt-4o', messages: askFor(answer) });
    expect(completion.choices[0]?.message.content).toBe(answer);
    expect(completion.object).toBe('chat.completion');
    const [request] = pair.simulator.requests();
    expect(request).toMatchObject({ path: CHAT_PATH, body: { model: 'gpt-4o' } });
    expect([KEY_A, KEY_B]).toContain(request?.headers.authorization?.toString().replace('Bearer ', ''));
    expect(pair.simulator.requests().some((recorded) => recorded.path === '/server/query')).toBe(false);
  });

  it('streams with the OpenAI SDK, the first chunk reaching the client while AskSage still holds the rest', async () => {
    const hold = pair.simulator.holdStreams();
    try {
      const stream = await pair.client.chat.completions.create({ model: 'gpt-4o', messages: askFor(answer), stream: true });
      const iterator = stream[Symbol.asyncIterator]();
      const first = await iterator.next();
      expect(first.done).toBe(false);
      expect(first.value.choices[0]?.delta.role).toBe('assistant');
      // The simulator has sent its first SSE event only: the proxy handed it on without waiting for the rest.
      expect(pair.simulator.streamFramesWritten()).toBe(1);
      hold.release();
      let text = '';
      let finish: string | null | undefined;
      for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) {
        text += next.value.choices[0]?.delta.content ?? '';
        finish = next.value.choices[0]?.finish_reason ?? finish;
      }
      expect(text).toBe(answer);
      expect(finish).toBe('stop');
    } finally {
      hold.release();
    }
  });

  it('fails over to the second key when the first gets the HTTP-200 Token is invalid envelope, streamed or not', async () => {
    pair.simulator.setKeyInvalid(KEY_A, true);
    const requestIds: string[] = [];
    try {
      for (let round = 0; round < 2; round += 1) {
        const whole = await pair.client.chat.completions.create({ model: 'gpt-4o', messages: askFor(answer) });
        expect(whole.choices[0]?.message.content).toBe(answer);
        requestIds.push(String(whole._request_id));
        const { data: stream, response } = await pair.client.chat.completions.create({ model: 'gpt-4o', messages: askFor(answer), stream: true }).withResponse();
        requestIds.push(String(response.headers.get('x-request-id')));
        let text = '';
        for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
        expect(text).toBe(answer);
      }
      // Key a was refused once, then taken out of the pool: every later request went to b directly.
      expect(keyOf(pair.simulator)).toEqual(['a', 'b', 'b', 'b', 'b']);
      // The access log line says which key served and after how many attempts, as in query mode; never the key.
      const accessLine = (requestId: string | undefined) =>
        pair.proxy
          .output()
          .split('\n')
          .filter((line) => line.includes('"POST /v1/chat/completions') && line.includes(`"${requestId}"`))
          .map((line) => JSON.parse(line) as Record<string, unknown>)[0];
      // Each line is written when its response has closed, just after the client has it.
      for (let tries = 0; tries < 200 && requestIds.some((id) => accessLine(id) === undefined); tries += 1) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(accessLine(requestIds[0])).toMatchObject({ status: 200, key: 'b', attempts: 2, stream: false, inputTokens: expect.any(Number) });
      expect(accessLine(requestIds[1])).toMatchObject({ status: 200, key: 'b', stream: true });
      expect(pair.proxy.output()).not.toContain(KEY_A);
    } finally {
      pair.simulator.setKeyInvalid(KEY_A, false);
    }
  });

  it('ends a stream that breaks after its first byte with an in-band error, without trying another key', async () => {
    pair.simulator.injectFault({ kind: 'stream-error', match: { path: '/openai/v1/chat/completions' } });
    const hold = pair.simulator.holdStreams();
    const stream = await pair.client.chat.completions.create({ model: 'gpt-4o', messages: askFor(answer), stream: true });
    let chunks = 0;
    const failure = await (async () => {
      for await (const _chunk of stream) {
        chunks += 1;
        // The first chunk is with the client: only now does the simulator break the connection.
        hold.release();
      }
    })().then(() => undefined, (error: unknown) => error);
    hold.release();
    expect(chunks).toBe(1);
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect(String((failure as Error).message)).toMatch(/AskSage/);
    expect(keyOf(pair.simulator)).toHaveLength(1);
  });

  it('refuses more than 128 tools with a clear 400 before calling AskSage', async () => {
    const tools = Array.from({ length: 129 }, (_, index) => ({ type: 'function' as const, function: { name: `tool_${index}`, parameters: { type: 'object', properties: {} } } }));
    const error = await pair.client.chat.completions.create({ model: 'gpt-4o', messages: askFor('x'), tools }).then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).message).toMatch(/129 tools.*at most 128/);
    expect(pair.simulator.requests()).toHaveLength(0);
  });

  it('passes the surface\'s own 400 through for a model AskSage does not serve', async () => {
    // The proxy's catalog offers gpt-4o-mini, but this simulator tenant does not serve it.
    pair.simulator.injectFault({ kind: 'http', status: 400, body: { error: { message: 'Unsupported model: gpt-4o', type: 'invalid_request_error', code: 'invalid_request_error' } } });
    const error = await pair.client.chat.completions.create({ model: 'gpt-4o', messages: askFor('x') }).then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as Error).message).toContain('Unsupported model: gpt-4o');
    expect(keyOf(pair.simulator)).toHaveLength(1);
  });
});

describe('passthrough mode with every key refused', () => {
  it('turns the envelope at the start of a stream into a proper 401 in the OpenAI shape, naming no key', async () => {
    const pair = await startPair();
    try {
      pair.simulator.setKeyInvalid(KEY_A, true);
      pair.simulator.setKeyInvalid(KEY_B, true);
      const error = await pair.client.chat.completions.create({ model: 'gpt-4o', messages: askFor('x'), stream: true }).then(() => undefined, (caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
      const failure = error as InstanceType<typeof OpenAI.AuthenticationError>;
      expect(failure.code).toBe('upstream_authentication');
      expect(failure.message).toContain('Token is invalid');
      expect(failure.message).not.toContain(KEY_A.slice(0, 20));
      expect(keyOf(pair.simulator).sort()).toEqual(['a', 'b']);
    } finally {
      await pair.close();
    }
  });
});
