/**
 * Embeddings end to end: the real CLI, the simulator's `{server}/openai/v1/embeddings`, the official `openai` client
 * (which asks for base64 by default and decodes it).
 */
import OpenAI from 'openai';
import { deterministicEmbedding, startAskSageSimulator, type RunningSimulator } from '@asksage-proxy/asksage-simulator';
import { expectOpenAISchema } from '../../../test-support/openai-spec-validator';
import { startProxyProcess, type ProxyProcess } from './support/start-proxy-process';

const KEY_A = 'e2e-embeddings-key-a-'.padEnd(64, 'a');
const KEY_B = 'e2e-embeddings-key-b-'.padEnd(64, 'b');

async function start(options: { embeddings?: boolean } = {}) {
  const simulator = await startAskSageSimulator({ keys: [{ key: KEY_A }, { key: KEY_B }], ...options });
  const proxy = await startProxyProcess({
    config: {
      api_keys: [{ key: KEY_A, name: 'a' }, { key: KEY_B, name: 'b' }],
      asksage_server_base_url: simulator.serverBaseUrl,
      asksage_user_base_url: simulator.userBaseUrl,
    },
  });
  return { simulator, proxy, client: new OpenAI({ baseURL: proxy.baseURL, apiKey: 'unused', maxRetries: 0 }) };
}

describe('embeddings through the CLI', () => {
  let simulator: RunningSimulator;
  let proxy: ProxyProcess;
  let client: OpenAI;
  beforeAll(async () => ({ simulator, proxy, client } = await start()));
  afterAll(async () => {
    await proxy?.stop();
    await simulator?.close();
  });
  beforeEach(() => simulator.reset());

  it('returns the vectors AskSage computed, as floats and as the base64 the SDK asks for by default', async () => {
    const floats = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['first text', 'second text'], encoding_format: 'float' });
    expect(floats.data.map((entry) => entry.index)).toEqual([0, 1]);
    expect(floats.data[0]?.embedding).toEqual(deterministicEmbedding('first text', 1536));
    expect(floats.usage.prompt_tokens).toBeGreaterThan(0);
    const decoded = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'first text', dimensions: 64 });
    expect(decoded.data[0]?.embedding).toEqual(deterministicEmbedding('first text', 64));
    const [call] = simulator.requests().filter((request) => request.path === '/server/openai/v1/embeddings');
    // The compatibility surface takes the pooled key as a Bearer token, not as x-access-tokens.
    expect([`Bearer ${KEY_A}`, `Bearer ${KEY_B}`]).toContain(call?.headers.authorization);
    expect(call?.headers['x-access-tokens']).toBeUndefined();
    expect(call?.body).toMatchObject({ model: 'text-embedding-3-small', input: ['first text', 'second text'] });
    expect(call?.body).not.toHaveProperty('encoding_format');
  });

  it('answers bodies the OpenAI spec accepts (CreateEmbeddingResponse), in float and base64 (a string where the spec has floats)', async () => {
    for (const encoding_format of ['float', 'base64'] as const) {
      const response = await fetch(`${proxy.baseURL}/embeddings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'text-embedding-3-small', input: ['one', 'two'], encoding_format }),
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { data: Array<{ embedding: unknown }> };
      // The spec types `embedding` as a float array only; with base64 the API (and the SDK that decodes it) has a string.
      const asSpecTypes = encoding_format === 'float' ? body : { ...body, data: body.data.map((entry) => ({ ...entry, embedding: [0] })) };
      expectOpenAISchema('CreateEmbeddingResponse', asSpecTypes);
      expect(typeof body.data[0]?.embedding).toBe(encoding_format === 'float' ? 'object' : 'string');
    }
  });

  it('lists the embedding models, fails over from a rejected key, and refuses a chat model', async () => {
    const models = await client.models.list();
    expect(models.data.map((model) => model.id)).toEqual(expect.arrayContaining(['text-embedding-3-small', 'text-embedding-3-large']));
    simulator.setKeyInvalid(KEY_A, true);
    simulator.setKeyInvalid(KEY_B, false);
    const result = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'after failover', encoding_format: 'float' });
    expect(result.data[0]?.embedding).toEqual(deterministicEmbedding('after failover', 1536));
    const error = await client.embeddings.create({ model: 'gpt-4o', input: 'x' }).then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(String((error as Error).message)).toContain('embedding');
  });

  it('names the missing route when the tenant has no embeddings API', async () => {
    const bare = await start({ embeddings: false });
    try {
      const error = await bare.client.embeddings.create({ model: 'text-embedding-3-small', input: 'x' }).then(() => undefined, (caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.APIError);
      expect(String((error as Error).message)).toContain('/openai/v1/embeddings');
    } finally {
      await bare.proxy.stop();
      await bare.simulator.close();
    }
  });
});
