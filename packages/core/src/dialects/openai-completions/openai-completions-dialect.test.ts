import { createModelCatalog } from '../../catalog/create-model-catalog';
import { createKeyPool } from '../../key-pool/create-key-pool';
import { createGateway } from '../../gateway/create-gateway';
import { isProxyError } from '../../errors/proxy-error';
import { createFakeUpstreamClient, createInstantClock, createSeededRandom, createSequenceIds, createRecordingLogger } from '../../testing/index';
import type { FakeReplyFunction } from '../../testing/index';
import { expectOpenAISchema } from '../../../../../test-support/openai-spec-validator';
import type { DialectReply } from '../run-dialect-request';
import type { TextCompletion } from './completion-types';
import { openAICompletionsDialect } from './openai-completions-dialect';
import { continuationInstruction } from './parse-completion-request';

function setUp(reply: FakeReplyFunction = (call) => ({ kind: 'text', text: ` continued after ${JSON.stringify((call.query?.message as Array<{ message: string }>)[0]?.message)}` })) {
  const clock = createInstantClock(Date.UTC(2026, 0, 1));
  const ids = createSequenceIds();
  const fake = createFakeUpstreamClient({ reply });
  const gateway = createGateway({
    upstream: fake,
    keyPool: createKeyPool({ keys: [{ name: 'lab', key: 'completions-key-SECRET-'.padEnd(64, 'k'), weight: 1 }], clock }),
    catalog: createModelCatalog([{ id: 'gpt-4o-mini', type: 'chat' }]),
    clock,
    random: createSeededRandom(1),
    ids,
    logger: createRecordingLogger().logger,
  });
  const run = (body: Record<string, unknown>): Promise<DialectReply> =>
    openAICompletionsDialect.run!(gateway, { model: 'gpt-4o-mini', prompt: 'Once upon a time', ...body } as never, { requestId: 'req_1' }, { ids, clock });
  return { run, fake };
}

async function frames(reply: DialectReply): Promise<unknown[]> {
  if (reply.kind !== 'stream') throw new Error('expected a stream');
  const values: unknown[] = [];
  for await (const frame of reply.frames) values.push(JSON.parse(frame.data));
  return values;
}

describe('openAICompletionsDialect', () => {
  it('asks the model to continue the prompt and answers a spec-valid text_completion', async () => {
    const { run, fake } = setUp();
    const reply = await run({ stop: ['\n'], max_tokens: 16 });
    const body = (reply as Extract<DialectReply, { kind: 'json' }>).body as TextCompletion;
    expectOpenAISchema('CreateCompletionResponse', body);
    expect(body).toMatchObject({ object: 'text_completion', model: 'gpt-4o-mini', choices: [{ index: 0, text: ' continued after "Once upon a time"', finish_reason: 'stop', logprobs: null }] });
    expect(body.id).toMatch(/^cmpl-/);
    expect(fake.queries()[0]?.query).toMatchObject({ system_prompt: continuationInstruction, message: [{ user: 'me', message: 'Once upon a time' }] });
  });

  it('answers a prompt array with one choice per prompt under one id, usage summed', async () => {
    const { run, fake } = setUp();
    const body = ((await run({ prompt: ['first', 'second'], echo: true })) as Extract<DialectReply, { kind: 'json' }>).body as TextCompletion;
    expect(body.choices.map((choice) => [choice.index, choice.text])).toEqual([
      [0, 'first continued after "first"'],
      [1, 'second continued after "second"'],
    ]);
    expect(fake.queries()).toHaveLength(2);
    expect(body.usage?.total_tokens).toBe((body.usage?.prompt_tokens ?? 0) + (body.usage?.completion_tokens ?? 0));
    expectOpenAISchema('CreateCompletionResponse', body);
  });

  it('streams chunks per prompt in order, one finish per choice, then one usage chunk with the totals', async () => {
    const { run } = setUp();
    const chunks = (await frames(await run({ prompt: ['a', 'b'], stream: true, stream_options: { include_usage: true } }))) as TextCompletion[];
    const text = (index: number) => chunks.filter((chunk) => chunk.choices[0]?.index === index).map((chunk) => chunk.choices[0]?.text).join('');
    expect(text(0)).toBe(' continued after "a"');
    expect(text(1)).toBe(' continued after "b"');
    expect(chunks.filter((chunk) => chunk.choices[0]?.finish_reason === 'stop').map((chunk) => chunk.choices[0]?.index)).toEqual([0, 1]);
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage?.total_tokens).toBeGreaterThan(0);
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    chunks.slice(0, -1).forEach((chunk) => expect(chunk.usage).toBeNull());
  });

  it.each([
    [{ n: 2 }, 'n'],
    [{ best_of: 3 }, 'best_of'],
    [{ logprobs: 2 }, 'logprobs'],
    [{ prompt: [1, 2, 3] }, 'prompt'],
  ])('refuses %j with a clear error naming %s, before any upstream call', async (body, param) => {
    const { run, fake } = setUp();
    const error = await run(body).then(() => undefined, (caught: unknown) => caught);
    expect(isProxyError(error) && error.param).toBe(param);
    expect(fake.queries()).toHaveLength(0);
  });
});
