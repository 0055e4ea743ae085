/**
 * Passthrough mode for Anthropic clients, end to end: the real CLI, the official `@anthropic-ai/sdk`, the simulator's
 * Anthropic surface with its recorded refusal (HTTP 502 "Provider request failed" for unknown top-level fields or a
 * missing max_tokens). The proxy strips what the surface refuses, sends a max_tokens, keys it with `x-api-key`, and
 * pipes the named-event stream.
 */
import Anthropic from '@anthropic-ai/sdk';
import { startAskSageSimulator } from '@asksage-proxy/asksage-simulator';
import type { RunningSimulator } from '@asksage-proxy/asksage-simulator';
import { startProxyProcess } from './support/start-proxy-process';
import type { ProxyProcess } from './support/start-proxy-process';

const KEY_A = 'passthrough-anthropic-a-'.padEnd(64, 'a');
const KEY_B = 'passthrough-anthropic-b-'.padEnd(64, 'b');
const MODEL = 'claude-sonnet-4-5-20250929';
const ASKSAGE_MODEL = 'google-claude-45-sonnet';
const MESSAGES_PATH = '/server/anthropic/v1/messages';

let simulator: RunningSimulator;
let proxy: ProxyProcess;
let client: Anthropic;

beforeAll(async () => {
  simulator = await startAskSageSimulator({ keys: [{ key: KEY_A }, { key: KEY_B }] });
  proxy = await startProxyProcess({
    config: {
      api_keys: [{ key: KEY_A, name: 'a' }, { key: KEY_B, name: 'b' }],
      asksage_server_base_url: simulator.serverBaseUrl,
      asksage_user_base_url: simulator.userBaseUrl,
      upstream_api: 'passthrough',
    },
  });
  client = new Anthropic({ baseURL: proxy.url, apiKey: 'unused', maxRetries: 0 });
});
afterAll(async () => {
  await proxy.stop();
  await simulator.close();
});
beforeEach(() => simulator.reset());

const sent = () => simulator.requests().filter((request) => request.path === MESSAGES_PATH);

describe('passthrough to the Anthropic surface through the CLI', () => {
  it('answers the SDK with AskSage\'s message, keyed with x-api-key, Claude Code\'s extra fields stripped', async () => {
    // Claude Code sends fields the surface answers 502 to; the SDK passes unknown params through as they are.
    const params = { model: MODEL, max_tokens: 512, messages: [{ role: 'user', content: 'hello' }], context_management: { edits: [] }, output_config: { effort: 'high' } };
    const message = await client.messages.create(params as Anthropic.MessageCreateParamsNonStreaming);
    expect(message.type).toBe('message');
    expect(message.content).toEqual([{ type: 'text', text: `Echo from ${ASKSAGE_MODEL}: hello` }]);
    const [request] = sent();
    expect(request?.body).toEqual({ model: ASKSAGE_MODEL, max_tokens: 512, messages: [{ role: 'user', content: 'hello' }] });
    expect([KEY_A, KEY_B]).toContain(request?.headers['x-api-key']);
    expect(request?.headers['anthropic-version']).toBe('2023-06-01');
    expect(simulator.requests().some((recorded) => recorded.path === '/server/query')).toBe(false);
  });

  it('streams named events to the SDK, the first before AskSage sends the rest', async () => {
    const hold = simulator.holdStreams();
    try {
      const stream = client.messages.stream({ model: MODEL, max_tokens: 512, messages: [{ role: 'user', content: 'a message long enough to be streamed in pieces' }] });
      const iterator = stream[Symbol.asyncIterator]();
      const first = await iterator.next();
      expect(first.value?.type).toBe('message_start');
      expect(simulator.streamFramesWritten()).toBe(1);
      hold.release();
      for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) {
        // drained; the SDK assembles the final message
      }
      const final = await stream.finalMessage();
      expect(final.content).toEqual([{ type: 'text', text: `Echo from ${ASKSAGE_MODEL}: a message long enough to be streamed in pieces` }]);
      expect(final.stop_reason).toBe('end_turn');
    } finally {
      hold.release();
    }
  });

  it('sends a max_tokens when the client sent none (the surface answers 502 without one)', async () => {
    const response = await fetch(`${proxy.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'unused', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'no cap' }] }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('request-id')).toMatch(/^req_/);
    expect(sent()[0]?.body).toMatchObject({ max_tokens: 4096 });
  });

  it('fails over from a refused key and reports every key refused as an Anthropic authentication error', async () => {
    simulator.setKeyInvalid(KEY_A, true);
    try {
      const message = await client.messages.create({ model: MODEL, max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] });
      expect(message.content).toEqual([{ type: 'text', text: `Echo from ${ASKSAGE_MODEL}: hi` }]);
      simulator.setKeyInvalid(KEY_B, true);
      const error = await client.messages.create({ model: MODEL, max_tokens: 64, stream: true, messages: [{ role: 'user', content: 'hi' }] }).then(() => undefined, (caught: unknown) => caught);
      expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
      expect((error as InstanceType<typeof Anthropic.AuthenticationError>).error).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    } finally {
      simulator.setKeyInvalid(KEY_A, false);
      simulator.setKeyInvalid(KEY_B, false);
    }
  });
});
