/**
 * The main path, end to end: real CLI process, real AskSage simulator over HTTP, the official `openai` client.
 */
import OpenAI from 'openai';
import { startAskSageSimulator, type RunningSimulator } from '@asksage-proxy/asksage-simulator';
import { expectOpenAISchema } from '../../../test-support/openai-spec-validator';
import { startProxyProcess, type ProxyProcess } from './support/start-proxy-process';

const GOOD_KEY = 'e2e-good-key-'.padEnd(64, 'g');
const BAD_KEY = 'e2e-bad-key-'.padEnd(64, 'b');

const weatherTool: OpenAI.Chat.Completions.ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

describe('OpenAI SDK against the proxy and the AskSage simulator', () => {
  let simulator: RunningSimulator;
  let proxy: ProxyProcess;
  let client: OpenAI;

  beforeAll(async () => {
    simulator = await startAskSageSimulator({ keys: [{ key: GOOD_KEY }] });
    proxy = await startProxyProcess({
      config: {
        api_keys: [{ key: GOOD_KEY, name: 'lab' }],
        asksage_server_base_url: simulator.serverBaseUrl,
        asksage_user_base_url: simulator.userBaseUrl,
      },
    });
    client = new OpenAI({ baseURL: proxy.baseURL, apiKey: 'unused', maxRetries: 0 });
  });

  afterAll(async () => {
    await proxy?.stop();
    await simulator?.close();
  });

  beforeEach(() => simulator.reset());

  it('returns a schema-valid completion with the history translated to AskSage turns', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello' },
        { role: 'assistant', content: 'Hi! How can I help?' },
        { role: 'user', content: 'Say something' },
      ],
    });
    expectOpenAISchema('CreateChatCompletionResponse', completion);
    expect(completion.id).toMatch(/^chatcmpl-/);
    expect(completion.model).toBe('gpt-4o');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    const content = completion.choices[0]?.message.content ?? '';
    expect(content).toContain('Say something');
    expect(content.startsWith('\n')).toBe(false);
    expect(completion.usage?.prompt_tokens).toBeGreaterThan(0);

    const [recorded] = simulator.requests().filter((request) => request.path === '/server/query');
    expect(recorded?.body).toMatchObject({
      model: 'gpt-4o',
      system_prompt: 'Be brief.',
      usage: true,
      dataset: 'none',
      message: [
        { user: 'me', message: 'Hello' },
        { user: 'gpt', message: 'Hi! How can I help?' },
        { user: 'me', message: 'Say something' },
      ],
    });
  });

  it('streams the same text byte for byte, one id, one finish_reason, and [DONE]', async () => {
    const multiline = 'line one\n\n    indented code();\n\ttab\nend';
    const messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[] = [
      { role: 'user', content: `[[text:${Buffer.from(multiline).toString('base64')}]]` },
    ];
    const whole = await client.chat.completions.create({ model: 'gpt-4o', messages });
    const stream = await client.chat.completions.create({ model: 'gpt-4o', messages, stream: true });
    let text = '';
    const ids = new Set<string>();
    const finishReasons: string[] = [];
    let sawRole = false;
    for await (const chunk of stream) {
      expectOpenAISchema('CreateChatCompletionStreamResponse', chunk);
      ids.add(chunk.id);
      for (const choice of chunk.choices) {
        if (choice.delta.role === 'assistant') sawRole = true;
        text += choice.delta.content ?? '';
        if (choice.finish_reason) finishReasons.push(choice.finish_reason);
      }
    }
    expect(whole.choices[0]?.message.content).toBe(multiline);
    expect(text).toBe(multiline);
    expect(ids.size).toBe(1);
    expect(sawRole).toBe(true);
    expect(finishReasons).toEqual(['stop']);
  });

  it('ends a stream with a usage-only chunk when stream_options.include_usage is set', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'count me' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    const last = chunks[chunks.length - 1];
    expect(last?.choices).toEqual([]);
    expect(last?.usage?.total_tokens).toBeGreaterThan(0);
    expect(chunks.slice(0, -1).every((chunk) => !chunk.usage)).toBe(true);
  });

  it('returns tool calls, and an agent loop with the tool result finishes with text', async () => {
    const first = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
      tools: [weatherTool],
    });
    expectOpenAISchema('CreateChatCompletionResponse', first);
    const choice = first.choices[0];
    expect(choice?.finish_reason).toBe('tool_calls');
    const call = choice?.message.tool_calls?.[0];
    expect(call?.type).toBe('function');
    if (call?.type !== 'function') throw new Error('expected a function tool call');
    expect(call.function.name).toBe('get_weather');
    expect(typeof JSON.parse(call.function.arguments)).toBe('object');
    expect(call.id).toBeTruthy();

    const recorded = simulator.requests().filter((request) => request.path === '/server/query');
    expect(Array.isArray((recorded[0]?.body as { tools?: unknown }).tools)).toBe(true);

    const second = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [
        { role: 'user', content: 'What is the weather in Paris?' },
        { role: 'assistant', content: null, tool_calls: [call] },
        { role: 'tool', tool_call_id: call.id, content: '{"temperature_c": 21}' },
      ],
      tools: [weatherTool],
    });
    expect(second.choices[0]?.finish_reason).toBe('stop');
    const followUp = simulator.requests().filter((request) => request.path === '/server/query').pop();
    expect(JSON.stringify(followUp?.body)).toContain('temperature_c');
  });

  it('streams tool calls as deltas that the SDK reassembles', async () => {
    const stream = client.chat.completions.stream({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Weather in Oslo?' }],
      tools: [weatherTool],
    });
    const final = await stream.finalChatCompletion();
    const call = final.choices[0]?.message.tool_calls?.[0];
    expect(final.choices[0]?.finish_reason).toBe('tool_calls');
    expect(call?.type === 'function' && call.function.name).toBe('get_weather');
    expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toBeTruthy();
  });

  it('lists models in OpenAI form and resolves aliases', async () => {
    const page = await client.models.list();
    expect(page.data.length).toBeGreaterThanOrEqual(25);
    expectOpenAISchema('ListModelsResponse', { object: 'list', data: page.data });
    const model = await client.models.retrieve('claude-3.5-sonnet');
    expect(model.id).toBe('claude-35-sonnet');
  });

  it('answers an unknown model with a 404 that names the closest ids', async () => {
    const error = await client.chat.completions
      .create({ model: 'claude-3-5-sonet', messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as InstanceType<typeof OpenAI.NotFoundError>).message).toContain('claude-35-sonnet');
    expect(simulator.requests().filter((request) => request.path === '/server/query')).toHaveLength(0);
  });

  // Images are attached as files (e2e-images.test.ts); bytes that are no PNG, JPEG, GIF or WebP are refused, never dropped.
  it('refuses an image part whose bytes are not an image with a 400 that says why instead of dropping it', async () => {
    const error = await client.chat.completions
      .create({
        model: 'gpt-4o',
        messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] }],
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toContain('messages[0].content');
    expect((error as Error).message).toContain('not a PNG, JPEG, GIF or WebP');
  });
});

describe('OpenAI SDK with a key AskSage rejects', () => {
  let simulator: RunningSimulator;
  let proxy: ProxyProcess;

  beforeAll(async () => {
    simulator = await startAskSageSimulator({ keys: [{ key: GOOD_KEY }] });
    proxy = await startProxyProcess({
      config: {
        api_keys: [{ key: BAD_KEY, name: 'revoked' }],
        asksage_server_base_url: simulator.serverBaseUrl,
        asksage_user_base_url: simulator.userBaseUrl,
      },
    });
  });

  afterAll(async () => {
    await proxy?.stop();
    await simulator?.close();
  });

  it('gets a 401 authentication error, not the error text as a completion, and the key never leaks', async () => {
    const client = new OpenAI({ baseURL: proxy.baseURL, apiKey: 'unused', maxRetries: 0 });
    const error = await client.chat.completions
      .create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    const apiError = error as InstanceType<typeof OpenAI.AuthenticationError>;
    expect(apiError.status).toBe(401);
    expect(JSON.stringify(apiError.error)).not.toContain(BAD_KEY);
    expect(proxy.output()).not.toContain(BAD_KEY);
    expect(proxy.output()).toContain('revoked');
  });
});
