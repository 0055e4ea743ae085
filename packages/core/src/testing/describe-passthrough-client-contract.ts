import { createUtf8StreamDecoder } from '../asksage/create-utf8-stream-decoder';
import type { PassthroughClient, PassthroughSurface } from '../ports/passthrough-client';
import { assertContract, assertNoSecret, assertRejectsWith, describeValue } from './contract-assertions';
import type { ContractFault } from './contract-fault';
import type { ContractAbortController } from './describe-upstream-client-contract';
import { describeContractCases } from './describe-contract-cases';

/** The faults a passthrough harness must provoke on its next call. */
export type PassthroughContractFault = Extract<ContractFault, { kind: 'http' | 'reset' | 'stall' }>;

/** One fresh implementation under test, with the controls the suite needs. Built per case. */
export interface PassthroughContractHarness {
  /** The implementation under test. */
  client: PassthroughClient;
  /** A key the surfaces accept. */
  validKey: string;
  /** A key the surfaces answer with AskSage's HTTP-200 "Token is invalid" envelope. */
  invalidKey: string;
  /** A model `validKey` may use on every surface. */
  model: string;
  /** Makes the next call fail with `fault`. */
  inject(fault: PassthroughContractFault): void | Promise<void>;
  /** A real abort controller. */
  createAbortController(): ContractAbortController;
  /** Resolves once the upstream has received the in-flight call, so an abort hits a live request. */
  waitForUpstreamCall?(): Promise<void>;
  /** Releases everything the harness opened. */
  close(): Promise<void>;
}

/** Options of `describePassthroughClientContract`. */
export interface PassthroughContractOptions {
  /** Names the implementation in the test report. */
  name: string;
  /** Builds a fresh harness; called once per case. */
  createHarness: () => Promise<PassthroughContractHarness>;
  /** Case name -> why it cannot run against this implementation (required). */
  skip?: Partial<Record<string, string>>;
}

type ContractCase = (harness: PassthroughContractHarness) => Promise<void>;

function sampleBody(surface: PassthroughSurface, model: string, stream: boolean): Record<string, unknown> {
  const user = { role: 'user', content: 'Reply with the single word OK.' };
  if (surface === 'openai-responses') return { model, input: [user], stream };
  if (surface === 'anthropic-messages') return { model, max_tokens: 64, messages: [user], stream };
  return { model, messages: [user], stream };
}

async function readAll(body: AsyncIterable<Uint8Array | string>): Promise<string> {
  const decoder = createUtf8StreamDecoder();
  let text = '';
  for await (const chunk of body) text += typeof chunk === 'string' ? chunk : decoder.decode(chunk);
  return text + decoder.flush();
}

function isEnvelope(body: unknown): boolean {
  const record = body as { response?: unknown; status?: unknown } | null;
  return typeof record?.response === 'string' && record.response.includes('Token is invalid') && Number(record.status) === 400;
}

const surfaces: readonly PassthroughSurface[] = ['openai-chat', 'openai-responses', 'anthropic-messages'];

/** The cases, by name (what `skip` refers to). */
const contractCases: Record<string, ContractCase> = {
  'send to openai-chat with a valid key resolves HTTP 200 and a chat completion': async (harness) => {
    const reply = await harness.client.send('openai-chat', sampleBody('openai-chat', harness.model, false), { apiKey: harness.validKey });
    const body = reply.body as { object?: unknown; choices?: Array<{ message?: { content?: unknown } }> };
    assertContract(reply.status === 200, `status must be 200, got ${reply.status}`);
    assertContract(body.object === 'chat.completion' && typeof body.choices?.[0]?.message?.content === 'string', `expected a chat completion, got ${describeValue(body)}`);
  },
  'send to openai-responses with a valid key resolves HTTP 200 and a response object': async (harness) => {
    const reply = await harness.client.send('openai-responses', sampleBody('openai-responses', harness.model, false), { apiKey: harness.validKey });
    assertContract(reply.status === 200 && (reply.body as { object?: unknown }).object === 'response', `expected a response object, got ${reply.status} ${describeValue(reply.body)}`);
  },
  'send to anthropic-messages with a valid key resolves HTTP 200 and a message': async (harness) => {
    const reply = await harness.client.send('anthropic-messages', sampleBody('anthropic-messages', harness.model, false), { apiKey: harness.validKey });
    assertContract(reply.status === 200 && (reply.body as { type?: unknown }).type === 'message', `expected a message, got ${reply.status} ${describeValue(reply.body)}`);
  },
  'send with an invalid key resolves the HTTP-200 Token is invalid envelope on every surface': async (harness) => {
    for (const surface of surfaces) {
      const reply = await harness.client.send(surface, sampleBody(surface, harness.model, false), { apiKey: harness.invalidKey });
      assertContract(reply.status === 200 && isEnvelope(reply.body), `${surface}: expected HTTP 200 and the envelope, got ${reply.status} ${describeValue(reply.body)}`);
    }
  },
  'send for an unknown model resolves the surface\'s own HTTP 400 body': async (harness) => {
    const reply = await harness.client.send('openai-chat', sampleBody('openai-chat', 'no-such-model', false), { apiKey: harness.validKey });
    const message = (reply.body as { error?: { message?: unknown } }).error?.message;
    assertContract(reply.status === 400 && typeof message === 'string' && message.includes('no-such-model'), `expected HTTP 400 naming the model, got ${reply.status} ${describeValue(reply.body)}`);
  },
  'sendStream to openai-chat streams SSE ending with data: [DONE]': async (harness) => {
    const reply = await harness.client.sendStream('openai-chat', sampleBody('openai-chat', harness.model, true), { apiKey: harness.validKey });
    assertContract(reply.status === 200 && /text\/event-stream/.test(reply.headers['content-type'] ?? ''), `expected 200 text/event-stream, got ${reply.status} ${describeValue(reply.headers)}`);
    const text = await readAll(reply.body);
    assertContract(text.includes('chat.completion.chunk') && text.trimEnd().endsWith('data: [DONE]'), `expected chunks then [DONE], got ${describeValue(text)}`);
  },
  'sendStream to anthropic-messages streams named events ending with message_stop': async (harness) => {
    const reply = await harness.client.sendStream('anthropic-messages', sampleBody('anthropic-messages', harness.model, true), { apiKey: harness.validKey });
    const text = await readAll(reply.body);
    assertContract(reply.status === 200 && text.startsWith('event: message_start') && text.includes('event: message_stop'), `expected named events, got ${reply.status} ${describeValue(text)}`);
  },
  'sendStream with an invalid key resolves HTTP 200 whose body is the envelope': async (harness) => {
    const reply = await harness.client.sendStream('openai-chat', sampleBody('openai-chat', harness.model, true), { apiKey: harness.invalidKey });
    const text = await readAll(reply.body);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
    assertContract(reply.status === 200 && isEnvelope(parsed), `expected HTTP 200 and the envelope, got ${reply.status} ${describeValue(text)}`);
  },
  'an HTTP 503 resolves with status 503 and the Retry-After header': async (harness) => {
    await harness.inject({ kind: 'http', status: 503, retryAfter: '7' });
    const reply = await harness.client.send('openai-chat', sampleBody('openai-chat', harness.model, false), { apiKey: harness.validKey });
    assertContract(reply.status === 503 && reply.headers['retry-after'] === '7', `expected 503 with retry-after 7, got ${reply.status} ${describeValue(reply.headers)}`);
  },
  'a connection reset rejects a retryable upstream_unavailable without the key': async (harness) => {
    await harness.inject({ kind: 'reset' });
    const error = await assertRejectsWith(harness.client.send('openai-chat', sampleBody('openai-chat', harness.model, false), { apiKey: harness.validKey }), 'upstream_unavailable', 'a connection reset');
    assertContract(error.isRetryable, 'a connection reset must be retryable');
    assertNoSecret(error, harness.validKey, 'a connection reset');
  },
  'a stalled send rejects request_aborted once the signal fires': async (harness) => {
    await harness.inject({ kind: 'stall' });
    const controller = harness.createAbortController();
    const pending = harness.client.send('anthropic-messages', sampleBody('anthropic-messages', harness.model, false), { apiKey: harness.validKey, signal: controller.signal });
    pending.catch(() => undefined);
    await harness.waitForUpstreamCall?.();
    controller.abort();
    const error = await assertRejectsWith(pending, 'request_aborted', 'an aborted call');
    assertContract(error.keyVerdict === undefined, `a caller's cancellation must not count against the key, got ${describeValue(error.keyVerdict)}`);
  },
  'a stalled sendStream rejects request_aborted once the signal fires': async (harness) => {
    await harness.inject({ kind: 'stall' });
    const controller = harness.createAbortController();
    const pending = harness.client.sendStream('openai-chat', sampleBody('openai-chat', harness.model, true), { apiKey: harness.validKey, signal: controller.signal });
    pending.catch(() => undefined);
    await harness.waitForUpstreamCall?.();
    controller.abort();
    await assertRejectsWith(pending, 'request_aborted', 'an aborted stream');
  },
  'an already-aborted signal rejects request_aborted': async (harness) => {
    const controller = harness.createAbortController();
    controller.abort();
    await assertRejectsWith(harness.client.send('openai-chat', sampleBody('openai-chat', harness.model, false), { apiKey: harness.validKey, signal: controller.signal }), 'request_aborted', 'a call with an aborted signal');
  },
};

/** Every case name, for `skip` maps and documentation. */
export const passthroughContractCaseNames: readonly string[] = Object.keys(contractCases);

/**
 * The shared contract suite of the `PassthroughClient` port, run against the in-memory fake and the real adapter
 * talking to the simulator (docs/contracts.md). A skipped case must say why.
 */
export function describePassthroughClientContract(options: PassthroughContractOptions): void {
  describeContractCases('describePassthroughClientContract', 'PassthroughClient', contractCases, options);
}
