import { Agent } from 'node:http';
import fc from 'fast-check';
import { expectOpenAISchema } from '../../../test-support/openai-spec-validator';
import { sendRawRequest } from './__fixtures__/send-raw-request';
import type { RawResponse } from './__fixtures__/send-raw-request';
import { startTestApp } from './__fixtures__/start-test-app';
import type { TestApp } from './__fixtures__/start-test-app';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const message = fc.oneof(
  fc.record({ role: fc.constantFrom('user', 'system', 'developer', 'assistant'), content: fc.string({ maxLength: 20 }) }),
  fc.record({ role: fc.constant('user'), content: fc.array(fc.record({ type: fc.constant('text'), text: fc.string({ maxLength: 10 }) }), { minLength: 1, maxLength: 2 }) }),
  fc.record({ role: fc.constant('tool'), content: fc.string({ maxLength: 10 }), tool_call_id: fc.string({ minLength: 1, maxLength: 8 }) }),
);

const validBody = fc.record(
  {
    model: fc.constantFrom('gpt-4.1', 'meta/llama-3.1-70b', 'anything'),
    messages: fc.array(message, { minLength: 1, maxLength: 3 }),
    stream: fc.boolean(),
    temperature: fc.double({ min: 0, max: 2, noNaN: true }),
    max_tokens: fc.integer({ min: 1, max: 4096 }),
    tools: fc.array(fc.record({ type: fc.constant('function' as const), function: fc.record({ name: fc.stringMatching(/^[a-z_]{1,12}$/) }) }), { maxLength: 2 }),
  },
  { requiredKeys: ['model', 'messages'] },
);

const hugeString = fc.integer({ min: 10_000, max: 300_000 }).map((length) => 'ä'.repeat(length));
const replacement = fc.oneof(fc.jsonValue() as fc.Arbitrary<Json>, hugeString, fc.string({ unit: 'binary', maxLength: 30 }));

/** Every path (list of keys) into a JSON value, the root excluded. */
function pathsOf(value: Json, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (value === null || typeof value !== 'object') return [];
  const entries: Array<[string | number, Json]> = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value);
  return entries.flatMap(([key, child]) => [[...prefix, key], ...pathsOf(child, [...prefix, key])]);
}

/** A valid body broken in one place: a field dropped, replaced by a wrong/huge value, or a role renamed. */
const mutatedBody = fc
  .tuple(validBody, fc.nat(), fc.constantFrom('drop', 'replace', 'role'), replacement, fc.string({ maxLength: 12 }))
  .map(([body, pick, kind, value, role]) => {
    const copy = structuredClone(body) as unknown as { [key: string]: Json };
    if (kind === 'role') {
      const target = (copy.messages as Array<{ [key: string]: Json }>)[pick % (copy.messages as Json[]).length] as { [key: string]: Json };
      target.role = role;
      return copy;
    }
    const paths = pathsOf(copy);
    const path = paths[pick % paths.length] as Array<string | number>;
    const parent = path.slice(0, -1).reduce<Json>((node, key) => (node as Record<string, Json>)[key] as Json, copy) as Record<string | number, Json>;
    const last = path[path.length - 1] as string | number;
    if (kind === 'drop') {
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
    } else {
      parent[last] = value;
    }
    return copy;
  });

// Thousands of real HTTP round trips: on a busy 2-core machine they take longer than Jest's default 30 s.
jest.setTimeout(120_000);

describe('fuzzing POST /v1/chat/completions', () => {
  let app: TestApp;
  let agent: Agent;
  beforeAll(async () => {
    app = await startTestApp();
    // One keep-alive connection for the whole run: fast, and proves a bad request never poisons the socket.
    agent = new Agent({ keepAlive: true, maxSockets: 1 });
  });
  afterAll(async () => {
    agent.destroy();
    await app.close();
  });

  const post = (body: Uint8Array | string): Promise<RawResponse> =>
    sendRawRequest(app.port, { path: '/v1/chat/completions', headers: { 'content-type': 'application/json' }, body, agent });

  /** 2xx, or a 4xx OpenAI error envelope; never a 5xx. */
  function expectSuccessOrClientError(response: RawResponse): void {
    expect(response.status).toBeLessThan(500);
    if (response.status >= 400) {
      expect(response.status).toBeGreaterThanOrEqual(400);
      expectOpenAISchema('ErrorResponse', JSON.parse(response.text));
    } else {
      expect(response.status).toBe(200);
    }
  }

  it('answers random JSON values with 4xx envelopes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        const response = await post(JSON.stringify(value));
        expectSuccessOrClientError(response);
      }),
      { numRuns: 600 },
    );
  });

  it('answers mutated valid bodies with 200 or a 4xx naming the field', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedBody, async (body) => {
        const response = await post(JSON.stringify(body));
        expectSuccessOrClientError(response);
        if (response.status === 400) {
          const error = JSON.parse(response.text).error;
          // The chat dialect now parses the body in front of the gateway (the old fake service never did), so a part
          // of an unknown type is refused as unsupported_content, and an unsupported field as unsupported_parameter:
          // both 400s naming the field, like invalid_request.
          expect(['invalid_request', 'unsupported_content', 'unsupported_parameter']).toContain(error.code);
          if (error.code !== 'invalid_request') expect(typeof error.param).toBe('string');
          expect(error.message.length).toBeLessThan(500);
        }
      }),
      { numRuns: 800 },
    );
  });

  it('answers valid bodies with 200', async () => {
    await fc.assert(
      fc.asyncProperty(validBody, async (body) => {
        expect((await post(JSON.stringify(body))).status).toBe(200);
      }),
      { numRuns: 200 },
    );
  });

  it('answers random bytes with 4xx envelopes, and is still alive afterwards', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), async (bytes) => {
        expectSuccessOrClientError(await post(bytes));
      }),
      { numRuns: 400 },
    );
    const health = await sendRawRequest(app.port, { method: 'GET', path: '/health', agent });
    expect(health.status).toBe(200);
  });
});
