/**
 * The passthrough use case over the real adapter and the simulator's surfaces: what the proxy adds to AskSage's
 * Anthropic surface (field stripping, a default max_tokens) is shown against the simulator's recorded refusal (HTTP
 * 502 "Provider request failed"), and the HTTP-200 envelope at the start of a named-event stream fails over.
 */
import { createKeyPool, createModelCatalog, createPassthroughGateway } from '@asksage-proxy/core';
import type { PassthroughOutcome } from '@asksage-proxy/core';
import { createInstantClock, createRecordingLogger, createSeededRandom } from '@asksage-proxy/core/testing';
import { startAskSageSimulator } from '@asksage-proxy/asksage-simulator';
import type { RunningSimulator } from '@asksage-proxy/asksage-simulator';
import { createAskSagePassthroughClient } from './create-asksage-passthrough-client';

const KEY_A = 'gateway-sim-key-a-'.padEnd(64, 'a');
const KEY_B = 'gateway-sim-key-b-'.padEnd(64, 'b');
const MODEL = 'google-claude-45-haiku';

let simulator: RunningSimulator;
let client: ReturnType<typeof createAskSagePassthroughClient>;

function createUseCase() {
  const clock = createInstantClock(Date.UTC(2026, 0, 1));
  const keyPool = createKeyPool({ keys: [{ name: 'a', key: KEY_A, weight: 1 }, { name: 'b', key: KEY_B, weight: 1 }], clock });
  const catalog = createModelCatalog([{ id: MODEL, type: 'chat', aliases: ['claude-haiku-4-5'] }], { defaultCreated: 1 });
  return createPassthroughGateway({ passthrough: client, keyPool, catalog, clock, random: createSeededRandom(1), logger: createRecordingLogger().logger });
}

async function textOf(outcome: PassthroughOutcome): Promise<string> {
  if (outcome.kind !== 'stream') return JSON.stringify(outcome.body);
  let text = '';
  for await (const chunk of outcome.chunks) text += Buffer.from(chunk).toString('utf8');
  return text;
}

beforeEach(async () => {
  simulator = await startAskSageSimulator({ keys: [{ key: KEY_A }, { key: KEY_B }], models: [MODEL] });
  client = createAskSagePassthroughClient({ serverBaseUrl: simulator.serverBaseUrl });
});
afterEach(async () => {
  client.close();
  await simulator.close();
});

describe('passthrough to the Anthropic surface', () => {
  const clientBody = {
    model: 'claude-haiku-4-5',
    messages: [{ role: 'user', content: 'hello' }],
    // What Claude Code sends besides the documented fields; AskSage's surface answers 502 to any of them.
    context_management: { edits: [] },
    output_config: { effort: 'high' },
  };

  it('is refused by the surface as the client sent it (the recorded 502)', async () => {
    const reply = await client.send('anthropic-messages', { ...clientBody, model: MODEL }, { apiKey: KEY_A });
    expect(reply.status).toBe(502);
  });

  it('is answered once the proxy strips the refused fields and adds max_tokens', async () => {
    const outcome = await createUseCase().forward('anthropic-messages', clientBody, { requestId: 'req_1' });
    expect(outcome).toMatchObject({ kind: 'reply', status: 200, body: { type: 'message', content: [{ type: 'text', text: `Echo from ${MODEL}: hello` }] } });
    const [sent] = simulator.requests();
    expect(sent?.body).toEqual({ model: MODEL, messages: clientBody.messages, max_tokens: 4096 });
  });

  it('fails over from a refused key before the first event of a named-event stream', async () => {
    simulator.setKeyInvalid(KEY_A, true);
    const outcome = await createUseCase().forward('anthropic-messages', { ...clientBody, stream: true }, { requestId: 'req_2' });
    const text = await textOf(outcome);
    expect(text.startsWith('event: message_start\n')).toBe(true);
    expect(text).toContain('event: message_stop');
    expect(simulator.requests().map((request) => request.resolvedKey)).toEqual([KEY_A, KEY_B]);
  });
});
