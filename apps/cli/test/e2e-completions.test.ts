/**
 * Legacy completions end to end: the real CLI, the simulator, the official `openai` client's completions API.
 */
import OpenAI from 'openai';
import { startAskSageSimulator, type RunningSimulator } from '@asksage-proxy/asksage-simulator';
import { expectOpenAISchema } from '../../../test-support/openai-spec-validator';
import { startProxyProcess, type ProxyProcess } from './support/start-proxy-process';

const KEY = 'e2e-completions-key-'.padEnd(64, 'c');

describe('legacy completions through the CLI', () => {
  let simulator: RunningSimulator;
  let proxy: ProxyProcess;
  let client: OpenAI;

  beforeAll(async () => {
    simulator = await startAskSageSimulator({ keys: [{ key: KEY }] });
    proxy = await startProxyProcess({
      config: { api_keys: [{ key: KEY, name: 'lab' }], asksage_server_base_url: simulator.serverBaseUrl, asksage_user_base_url: simulator.userBaseUrl },
    });
    client = new OpenAI({ baseURL: proxy.baseURL, apiKey: 'unused', maxRetries: 0 });
  });
  afterAll(async () => {
    await proxy?.stop();
    await simulator?.close();
  });
  beforeEach(() => simulator.reset());

  it('completes a prompt: a spec-valid text_completion, the prompt sent as the text to continue', async () => {
    const completion = await client.completions.create({ model: 'gpt-4o-mini', prompt: 'def fibonacci(n):', max_tokens: 32, stop: ['\n\n\n'] });
    expectOpenAISchema('CreateCompletionResponse', completion);
    expect(completion.object).toBe('text_completion');
    expect(completion.choices[0]?.text).toBe('Echo from gpt-4o-mini: def fibonacci(n):');
    const [query] = simulator.requests().filter((request) => request.path === '/server/query');
    expect(query?.body).toMatchObject({ message: [{ user: 'me', message: 'def fibonacci(n):' }] });
    expect(String((query?.body as { system_prompt?: string }).system_prompt)).toContain('Continue the text');
  });

  it('streams the same text as the whole answer, then [DONE]', async () => {
    const whole = await client.completions.create({ model: 'gpt-4o-mini', prompt: 'The quick brown fox' });
    const stream = await client.completions.create({ model: 'gpt-4o-mini', prompt: 'The quick brown fox', stream: true });
    let text = '';
    let finishes = 0;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.text ?? '';
      if (chunk.choices[0]?.finish_reason) finishes += 1;
    }
    expect(text).toBe(whole.choices[0]?.text);
    expect(finishes).toBe(1);
  });

  it('answers a prompt array with one choice per prompt, and refuses n > 1 with a 400 naming n', async () => {
    const completion = await client.completions.create({ model: 'gpt-4o-mini', prompt: ['one', 'two'] });
    expect(completion.choices.map((choice) => choice.index)).toEqual([0, 1]);
    expect(completion.choices.map((choice) => choice.text)).toEqual(['Echo from gpt-4o-mini: one', 'Echo from gpt-4o-mini: two']);
    const error = await client.completions.create({ model: 'gpt-4o-mini', prompt: 'x', n: 2 }).then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('n');
  });
});
