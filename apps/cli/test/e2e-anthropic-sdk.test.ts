/**
 * Anthropic Messages end to end: the real CLI process, the AskSage simulator over HTTP, and the official
 * `@anthropic-ai/sdk` as the client (what Claude Code is built on).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import type { APIError } from '@anthropic-ai/sdk';
import { startAskSageSimulator, type RunningSimulator } from '@asksage-proxy/asksage-simulator';
import { startProxyProcess, type ProxyProcess } from './support/start-proxy-process';

const GOOD_KEY = 'e2e-anthropic-key-'.padEnd(64, 'a');
const PROXY_KEY = 'proxy-inbound-key-for-anthropic-clients';
const MODEL = 'claude-sonnet-4-5-20250929';
const ASKSAGE_MODEL = 'google-claude-45-sonnet';

const weatherTool: Anthropic.Tool = {
  name: 'get_weather',
  description: 'Current weather for a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

const base64 = (text: string): string => Buffer.from(text).toString('base64');

describe('Anthropic SDK against the proxy and the AskSage simulator', () => {
  let simulator: RunningSimulator;
  let proxy: ProxyProcess;
  let client: Anthropic;

  beforeAll(async () => {
    simulator = await startAskSageSimulator({ keys: [{ key: GOOD_KEY }] });
    proxy = await startProxyProcess({
      config: {
        api_keys: [{ key: GOOD_KEY, name: 'lab' }],
        asksage_server_base_url: simulator.serverBaseUrl,
        asksage_user_base_url: simulator.userBaseUrl,
        proxy_api_keys: [PROXY_KEY],
        max_body_mb: 1,
      },
    });
    client = new Anthropic({ baseURL: proxy.url, apiKey: PROXY_KEY, maxRetries: 0 });
  });

  afterAll(async () => {
    await proxy?.stop();
    await simulator?.close();
  });

  beforeEach(() => simulator.reset());

  /** The `/query` bodies AskSage received, in order. */
  const queries = () =>
    simulator
      .requests()
      .filter((request) => request.path === '/server/query')
      .map((request) => ({ body: (request.body ?? {}) as Record<string, unknown> }));

  it('creates a message: msg_ id, text content, end_turn, usage, and the system prompt from both places', async () => {
    const message = await client.messages.create({
      model: MODEL,
      max_tokens: 1024,
      system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }],
      messages: [
        { role: 'user', content: 'Hello' },
        { role: 'assistant', content: 'Hi! How can I help?' },
        // Claude Code sends this although the API does not document it.
        { role: 'system' as 'user', content: 'Answer in English.' },
        { role: 'user', content: [{ type: 'text', text: 'Say something' }] },
      ],
    });
    expect(message.id).toMatch(/^msg_[A-Za-z0-9]{24}$/);
    expect(message.type).toBe('message');
    expect(message.role).toBe('assistant');
    expect(message.stop_reason).toBe('end_turn');
    expect(message.content).toEqual([{ type: 'text', text: `Echo from ${ASKSAGE_MODEL}: Say something` }]);
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect(message.usage.output_tokens).toBeGreaterThan(0);
    expect(message.usage.cache_read_input_tokens).toBe(0);
    const [query] = queries();
    expect(query?.body).toMatchObject({ model: ASKSAGE_MODEL, usage: true });
    expect(String(query?.body.system_prompt)).toContain('Be brief.');
    expect(String(query?.body.system_prompt)).toContain('Answer in English.');
  });

  it('streams with named events; finalMessage() text is byte for byte the non-stream text', async () => {
    const multiline = 'line one\n\n    indented code();\n\ttab ✓\nend';
    const params: Anthropic.MessageCreateParams = { model: MODEL, max_tokens: 1024, messages: [{ role: 'user', content: `[[text:${base64(multiline)}]]` }] };
    const whole = await client.messages.create(params);
    const stream = client.messages.stream(params);
    const types: string[] = [];
    stream.on('streamEvent', (event) => types.push(event.type));
    let deltas = '';
    stream.on('text', (text) => (deltas += text));
    const final = await stream.finalMessage();
    expect(whole.content).toEqual([{ type: 'text', text: multiline }]);
    expect(final.content).toEqual([{ type: 'text', text: multiline }]);
    expect(deltas).toBe(multiline);
    expect(final.id).toMatch(/^msg_/);
    expect(final.stop_reason).toBe('end_turn');
    expect(final.usage.output_tokens).toBeGreaterThan(0);
    expect(types[0]).toBe('message_start');
    expect(types.slice(-2)).toEqual(['message_delta', 'message_stop']);
  });

  it('runs a tool_use -> tool_result round trip without streaming', async () => {
    const first = await client.messages.create({ model: MODEL, max_tokens: 1024, tools: [weatherTool], messages: [{ role: 'user', content: 'Weather in Chicago?' }] });
    expect(first.stop_reason).toBe('tool_use');
    const toolUse = first.content.find((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use');
    expect(toolUse).toMatchObject({ name: 'get_weather', input: { city: 'Chicago' } });
    expect(toolUse?.id).toMatch(/^toolu_/);
    const [firstQuery] = queries();
    expect(firstQuery?.body.tools).toEqual([{ type: 'function', function: { name: 'get_weather', description: 'Current weather for a city', parameters: weatherTool.input_schema } }]);

    const second = await client.messages.create({
      model: MODEL,
      max_tokens: 1024,
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'Weather in Chicago?' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse?.id ?? '', content: 'sunny, 21 C' }] },
      ],
    });
    expect(second.stop_reason).toBe('end_turn');
    const text = second.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
    expect(text).toContain('sunny, 21 C');
  });

  it('streams a tool call: the input arrives through input_json_delta and finalMessage() has it as an object', async () => {
    const stream = client.messages.stream({ model: MODEL, max_tokens: 1024, tools: [weatherTool], tool_choice: { type: 'tool', name: 'get_weather' }, messages: [{ role: 'user', content: 'Weather?' }] });
    let partialJson = '';
    stream.on('inputJson', (delta) => (partialJson += delta));
    const final = await stream.finalMessage();
    expect(final.stop_reason).toBe('tool_use');
    expect(final.content).toEqual([{ type: 'tool_use', id: expect.stringMatching(/^toolu_/), name: 'get_weather', input: { city: 'Chicago' } }]);
    expect(JSON.parse(partialJson)).toEqual({ city: 'Chicago' });
  });

  it('honours stop_sequences on the reply, streamed or not', async () => {
    const params: Anthropic.MessageCreateParams = {
      model: MODEL,
      max_tokens: 1024,
      stop_sequences: ['STOP'],
      messages: [{ role: 'user', content: `[[text:${base64('keep this STOP drop this')}]]` }],
    };
    for (const message of [await client.messages.create(params), await client.messages.stream(params).finalMessage()]) {
      expect(message.content).toEqual([{ type: 'text', text: 'keep this ' }]);
      expect(message.stop_reason).toBe('stop_sequence');
      expect(message.stop_sequence).toBe('STOP');
    }
  });

  it('repairs a cancelled tool call (tool_use with no tool_result) instead of failing, and AskSage sees why', async () => {
    const message = await client.messages.create({
      model: MODEL,
      max_tokens: 64,
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'Weather in Chicago?' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_cancelled', name: 'get_weather', input: { city: 'Chicago' } }] },
        { role: 'user', content: 'Never mind, just say hi' },
      ],
    });
    expect(message.stop_reason).toBe('end_turn');
    const turns = queries()[0]?.body.message as Array<{ user: string; message: string }>;
    expect(turns[2]?.message).toMatch(/^\[tool result for toolu_cancelled \(get_weather\)\] \(error\)\n.*cancelled/);
    expect(turns[2]?.message).toContain('Never mind, just say hi');
  });

  // Images are attached as files (e2e-images.test.ts); bytes that are no PNG, JPEG, GIF or WebP get the chat error.
  it('refuses image blocks whose bytes are not an image with the same clear error as chat image parts, naming the block', async () => {
    const error = await client.messages
      .create({ model: MODEL, max_tokens: 64, messages: [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: base64('not a picture') } }] }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as APIError).message).toContain('messages[0].content[1]: the content is not a PNG, JPEG, GIF or WebP image');
    expect(queries()).toHaveLength(0);
  });

  it('counts input tokens offline, without calling AskSage', async () => {
    const counted = await client.messages.countTokens({ model: MODEL, system: 'Be brief.', messages: [{ role: 'user', content: 'How many tokens is this sentence?' }] });
    expect(counted.input_tokens).toBeGreaterThan(5);
    expect(queries()).toHaveLength(0);
  });

  it('takes ?beta=true (the beta client, as Claude Code calls it) and a Bearer token as well as x-api-key', async () => {
    const bearer = new Anthropic({ baseURL: proxy.url, apiKey: null, authToken: PROXY_KEY, maxRetries: 0 });
    const message = await bearer.beta.messages.create({ model: MODEL, max_tokens: 64, messages: [{ role: 'user', content: 'beta hello' }] }, { headers: { 'anthropic-beta': 'claude-code-20250219' } });
    expect(message.content).toEqual([{ type: 'text', text: `Echo from ${ASKSAGE_MODEL}: beta hello` }]);
  });

  it('lists models in Anthropic shape, Claude models under names Claude Code discovers', async () => {
    const page = await client.models.list();
    const ids = page.data.map((model) => model.id);
    expect(ids).toContain('claude-sonnet-4-5');
    const sonnet = page.data.find((model) => model.id === 'claude-sonnet-4-5');
    expect(sonnet).toMatchObject({ type: 'model', display_name: expect.stringContaining(ASKSAGE_MODEL) });
    expect(Number.isNaN(Date.parse(sonnet?.created_at ?? ''))).toBe(false);
    const retrieved = await client.models.retrieve('claude-sonnet-4-5');
    expect(retrieved).toMatchObject({ type: 'model', id: 'claude-sonnet-4-5' });
  });

  it('follows a models_file that maps an Anthropic name to another AskSage model (the documented override)', async () => {
    const modelsFile = path.join(proxy.home, 'anthropic-models.json');
    writeFileSync(modelsFile, JSON.stringify({ models: [{ id: 'claude-4-opus', aliases: ['claude-opus-5-5'], owned_by: 'anthropic' }] }));
    const custom = await startProxyProcess({
      config: { api_keys: [{ key: GOOD_KEY, name: 'lab' }], asksage_server_base_url: simulator.serverBaseUrl, asksage_user_base_url: simulator.userBaseUrl, models_file: modelsFile },
    });
    try {
      const viaOverride = new Anthropic({ baseURL: custom.url, apiKey: 'unused', maxRetries: 0 });
      const message = await viaOverride.messages.create({ model: 'claude-opus-5-5-20261101', max_tokens: 64, messages: [{ role: 'user', content: 'who answers?' }] });
      expect(message.model).toBe('claude-4-opus');
      expect(queries()[0]?.body.model).toBe('claude-4-opus');
    } finally {
      await custom.stop();
    }
  });

  describe('errors in Anthropic shape, with the status the SDK maps to its classes', () => {
    const ask = (overrides: Partial<Anthropic.MessageCreateParamsNonStreaming> = {}, on: Anthropic = client) =>
      on.messages.create({ model: MODEL, max_tokens: 64, messages: [{ role: 'user', content: 'hi' }], ...overrides });
    // Upstream failures cool the only key down (that is the key pool's job), which would turn the next test's answer
    // into a 503 no_healthy_key: each such test gets its own proxy process.
    // Every process a test started is stopped after it, also when one test needs two.
    let fresh: ProxyProcess[] = [];
    const freshClient = async (): Promise<Anthropic> => {
      const started = await startProxyProcess({
        config: { api_keys: [{ key: GOOD_KEY, name: 'lab' }], asksage_server_base_url: simulator.serverBaseUrl, asksage_user_base_url: simulator.userBaseUrl },
      });
      fresh.push(started);
      return new Anthropic({ baseURL: started.url, apiKey: 'unused', maxRetries: 0 });
    };
    afterEach(async () => {
      await Promise.all(fresh.map((started) => started.stop()));
      fresh = [];
    });

    it('400 invalid_request_error naming the field', async () => {
      const error = await ask({ messages: [] }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Anthropic.BadRequestError);
      expect(error).toMatchObject({ status: 400, type: 'invalid_request_error' });
      expect((error as APIError).message).toMatch(/messages/);
    });

    it('401 authentication_error for a wrong proxy key, which is never echoed', async () => {
      const wrong = new Anthropic({ baseURL: proxy.url, apiKey: 'not-the-proxy-key-secret', maxRetries: 0 });
      const error = await ask({}, wrong).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
      expect(error).toMatchObject({ status: 401, type: 'authentication_error' });
      expect(JSON.stringify((error as APIError).error)).not.toContain('not-the-proxy-key-secret');
    });

    it('403 permission_error when AskSage says the account may not use the model', async () => {
      simulator.injectFault({ kind: 'envelope', status: 403, text: `You are not authorized to use the model ${ASKSAGE_MODEL}.`, times: 'always' });
      const error = await ask().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Anthropic.PermissionDeniedError);
      expect(error).toMatchObject({ type: 'permission_error' });
    });

    it('404 not_found_error for an unknown model, with suggestions', async () => {
      const error = await ask({ model: 'claude-sonnet-9-9' }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Anthropic.NotFoundError);
      expect(error).toMatchObject({ type: 'not_found_error' });
      expect((error as APIError).message).toMatch(/Did you mean .*'google-claude-45-sonnet'/);
    });

    it('413 request_too_large over max_body_mb', async () => {
      const error = await ask({ messages: [{ role: 'user', content: 'x'.repeat(1_200_000) }] }).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ status: 413, type: 'request_too_large' });
    });

    it('429 rate_limit_error with retry-after', async () => {
      simulator.injectFault({ kind: 'http', status: 429, retryAfter: 7, times: 'always' });
      const error = await ask({}, await freshClient()).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Anthropic.RateLimitError);
      expect(error).toMatchObject({ type: 'rate_limit_error' });
      expect((error as APIError).headers?.get('retry-after')).toBe('7');
    });

    it('502 api_error when AskSage fails', async () => {
      simulator.injectFault({ kind: 'http', status: 500, times: 1 });
      simulator.injectFault({ kind: 'http', status: 502, times: 'always' });
      const error = await ask({}, await freshClient()).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Anthropic.InternalServerError);
      expect(error).toMatchObject({ status: 502, type: 'api_error' });
      expect((error as APIError).message).toMatch(/AskSage is unavailable/);
    });

    it('529 overloaded_error when AskSage says the model is overloaded', async () => {
      simulator.injectFault({ kind: 'overloaded', times: 'always' });
      const error = await ask({}, await freshClient()).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Anthropic.OverloadedError);
      expect(error).toMatchObject({ status: 529, type: 'overloaded_error' });
    });

    it('a stream that fails before AskSage sent anything gets the real status (529, 429 with retry-after), which the SDK and Claude Code retry on', async () => {
      simulator.injectFault({ kind: 'overloaded', times: 'always' });
      const overloaded = await (await freshClient()).messages.stream({ model: MODEL, max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] }).finalMessage().catch((caught: unknown) => caught);
      expect(overloaded).toBeInstanceOf(Anthropic.OverloadedError);
      expect(overloaded).toMatchObject({ status: 529, type: 'overloaded_error' });
      simulator.reset();
      simulator.injectFault({ kind: 'http', status: 429, retryAfter: 7, times: 'always' });
      const limited = await (await freshClient()).messages.stream({ model: MODEL, max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] }).finalMessage().catch((caught: unknown) => caught);
      expect(limited).toBeInstanceOf(Anthropic.RateLimitError);
      expect((limited as APIError).headers?.get('retry-after')).toBe('7');
    });

    it('a failure after the stream started arrives as event: error and raises an API error', async () => {
      simulator.injectFault({ kind: 'stream-error', times: 'always' });
      // AskSage's first frame reaches the client before its error frame is sent: the stream has started.
      const hold = simulator.holdStreams();
      const stream = (await freshClient()).messages.stream({ model: MODEL, max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] });
      let text = '';
      stream.on('text', (delta) => {
        text += delta;
        hold.release();
      });
      const error = await stream.finalMessage().catch((caught: unknown) => caught);
      expect(text.length).toBeGreaterThan(0);
      expect(error).toBeInstanceOf(Anthropic.APIError);
      expect(error).toMatchObject({ type: 'api_error' });
    });
  });
});
