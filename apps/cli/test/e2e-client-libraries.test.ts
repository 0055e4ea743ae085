/**
 * The other client libraries users point at the proxy, unchanged: the Vercel AI SDK and LangChain.
 */
import { createOpenAI } from '@ai-sdk/openai';
import { ChatOpenAI } from '@langchain/openai';
import { generateText, jsonSchema, streamText, tool } from 'ai';
import { startAskSageSimulator, type RunningSimulator } from '@asksage-proxy/asksage-simulator';
import { startProxyProcess, type ProxyProcess } from './support/start-proxy-process';

const KEY = 'e2e-libraries-key-'.padEnd(64, 'l');
const text = 'First line.\n\n```ts\nconst x = 1;\n```\nLast line.';
const textDirective = `[[text:${Buffer.from(text).toString('base64')}]]`;

describe('Vercel AI SDK and LangChain against the proxy', () => {
  let simulator: RunningSimulator;
  let proxy: ProxyProcess;

  beforeAll(async () => {
    simulator = await startAskSageSimulator({ keys: [{ key: KEY }] });
    proxy = await startProxyProcess({
      config: {
        api_keys: [KEY],
        asksage_server_base_url: simulator.serverBaseUrl,
        asksage_user_base_url: simulator.userBaseUrl,
      },
    });
  });

  afterAll(async () => {
    await proxy?.stop();
    await simulator?.close();
  });

  describe('Vercel AI SDK', () => {
    const provider = () => createOpenAI({ baseURL: proxy.baseURL, apiKey: 'unused' });

    it('generateText returns the answer with usage', async () => {
      const result = await generateText({ model: provider().chat('gpt-4o'), prompt: textDirective, maxRetries: 0 });
      expect(result.text).toBe(text);
      expect(result.finishReason).toBe('stop');
      expect(result.usage.totalTokens).toBeGreaterThan(0);
    });

    it('streamText streams the exact text', async () => {
      const result = streamText({ model: provider().chat('gpt-4o'), prompt: textDirective, maxRetries: 0 });
      let streamed = '';
      for await (const delta of result.textStream) streamed += delta;
      expect(streamed).toBe(text);
      expect(await result.finishReason).toBe('stop');
    });

    it('calls a tool and finishes the loop with the tool result', async () => {
      const seen: unknown[] = [];
      const result = await generateText({
        model: provider().chat('gpt-4o'),
        prompt: 'What is the weather in Paris?',
        maxRetries: 0,
        tools: {
          get_weather: tool({
            description: 'Current weather for a city',
            inputSchema: jsonSchema<{ city: string }>({
              type: 'object',
              properties: { city: { type: 'string' } },
              required: ['city'],
            }),
            execute: async (input) => {
              seen.push(input);
              return { temperature_c: 21 };
            },
          }),
        },
        stopWhen: ({ steps }) => steps.length >= 3,
      });
      expect(seen).toHaveLength(1);
      expect(result.steps.length).toBeGreaterThanOrEqual(2);
      expect(result.finishReason).toBe('stop');
      expect(result.text.length).toBeGreaterThan(0);
    });
  });

  describe('LangChain', () => {
    const chat = () => new ChatOpenAI({ model: 'gpt-4o', apiKey: 'unused', maxRetries: 0, configuration: { baseURL: proxy.baseURL } });

    it('invoke returns the answer', async () => {
      const message = await chat().invoke(textDirective);
      expect(message.content).toBe(text);
    });

    it('stream yields the exact text', async () => {
      let streamed = '';
      for await (const chunk of await chat().stream(textDirective)) streamed += typeof chunk.content === 'string' ? chunk.content : '';
      expect(streamed).toBe(text);
    });

    it('bindTools yields structured tool calls', async () => {
      const model = chat().bindTools([
        {
          type: 'function',
          function: {
            name: 'get_weather',
            description: 'Current weather for a city',
            parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
          },
        },
      ]);
      const message = await model.invoke('Weather in Rome?');
      expect(message.tool_calls?.[0]?.name).toBe('get_weather');
      expect(typeof message.tool_calls?.[0]?.args).toBe('object');
    });
  });
});
