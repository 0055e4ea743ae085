import type { AbortSignalLike } from '../ports/abort-signal-like';
import type { UpstreamClient, UpstreamFile } from '../ports/upstream-client';
import { decodeBase64 } from '../images/decode-base64';
import { createAskSageFrameReader } from '../asksage/create-asksage-frame-reader';
import type { AskSageFrameRead } from '../asksage/create-asksage-frame-reader';
import { parseGetModelsIds } from '../asksage/parse-get-models-ids';
import { parseMonthlyTokenCount } from '../asksage/parse-monthly-token-count';
import type { AskSageQuery } from '../types/asksage';
import { assertContract, assertNoSecret, assertRejectsWith, describeValue } from './contract-assertions';
import type { ContractFault } from './contract-fault';
import { describeContractCases } from './describe-contract-cases';

/** A cancel handle; the harness builds it so core needs no DOM or Node types. */
export interface ContractAbortController {
  /** Passed to the client. */
  signal: AbortSignalLike;
  /** Fires the signal. */
  abort(): void;
}

/** One fresh implementation under test, with the controls the suite needs. Built per case. */
export interface UpstreamContractHarness {
  /** The implementation under test. */
  client: UpstreamClient;
  /** A key the upstream accepts. */
  validKey: string;
  /** A key the upstream rejects with the HTTP-200 "Token is invalid" envelope. */
  invalidKey: string;
  /** A model `validKey` is entitled to. */
  model: string;
  /** Makes the next `query` fail with `fault`. */
  inject(fault: ContractFault): void | Promise<void>;
  /** A real abort controller (e.g. `new AbortController()`). */
  createAbortController(): ContractAbortController;
  /** Resolves once the upstream has received the in-flight call, so an abort hits a live request. */
  waitForUpstreamCall?(): Promise<void>;
  /**
   * The files the upstream received with the last query, as the AskSage side saw them (part filename, content type,
   * size, SHA-256 hex of the bytes). Needed by the file cases; a harness without it must skip them with a reason.
   */
  receivedFiles?(): Promise<ReceivedContractFile[]>;
  /** Releases everything the harness opened (servers, sockets, agents). */
  close(): Promise<void>;
}

/** A file part as the upstream received it. */
export interface ReceivedContractFile {
  /** The part's filename. */
  filename: string;
  /** The part's content type. */
  mimeType: string;
  /** Bytes received. */
  size: number;
  /** SHA-256 of the bytes, lowercase hex. */
  sha256: string;
}

/** Options of `describeUpstreamClientContract`. */
export interface UpstreamContractOptions {
  /** Names the implementation in the test report. */
  name: string;
  /** Builds a fresh harness; called once per case. */
  createHarness: () => Promise<UpstreamContractHarness>;
  /** Case name -> why it cannot run against this implementation. Reported as skipped with the reason. */
  skip?: Partial<Record<string, string>>;
}

type ContractCase = (harness: UpstreamContractHarness) => Promise<void>;

function sampleQuery(model: string, usage: boolean): AskSageQuery {
  return {
    message: 'Reply with the single word OK.',
    model,
    system_prompt: 'You are a terse test assistant.',
    dataset: 'none',
    limit_references: 0,
    live: 0,
    temperature: 0,
    usage,
  };
}

/** Injects `fault`, then queries: the returned promise settles like the query. */
async function queryWithFault(harness: UpstreamContractHarness, fault: ContractFault): Promise<unknown> {
  await harness.inject(fault);
  return harness.client.query(sampleQuery(harness.model, false), { apiKey: harness.validKey });
}

// A 1x1 PNG and a 1x1 GIF with their SHA-256 digests (computed once, outside core: core has no crypto).
const pngBase64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==';
const pngDigest = '4ff6ab670a58c14270e034e2090d9a432caa263a14e0a25785386b0c12f880b5';
const gifBytes = [71, 73, 70, 56, 57, 97, 1, 0, 1, 0, 0, 0, 0, 59];
const gifDigest = '1f19970f056cd116a5fe3c02422c1ee1ac827136df470b5c89af492620512aa4';

function contractFiles(): UpstreamFile[] {
  return [
    { name: 'image-1.png', mediaType: 'image/png', bytes: decodeBase64(pngBase64) ?? new Uint8Array() },
    { name: 'image-2.gif', mediaType: 'image/gif', bytes: Uint8Array.from(gifBytes) },
  ];
}

/** The files the harness saw must be exactly `contractFiles()`, in order. */
async function assertReceivedContractFiles(harness: UpstreamContractHarness): Promise<void> {
  assertContract(harness.receivedFiles !== undefined, 'the harness must implement receivedFiles() for the file cases (or skip them with a reason)');
  const received = (await harness.receivedFiles?.()) ?? [];
  const expected = [
    { filename: 'image-1.png', mimeType: 'image/png', size: 70, sha256: pngDigest },
    { filename: 'image-2.gif', mimeType: 'image/gif', size: gifBytes.length, sha256: gifDigest },
  ];
  assertContract(JSON.stringify(received) === JSON.stringify(expected), `the upstream must receive ${describeValue(expected)}, got ${describeValue(received)}`);
}

/** AskSage prepends one `<file-content>` block per file, naming it, before the answer (protocol doc §3.1). */
function assertFileContentBlocks(message: unknown): void {
  const text = typeof message === 'string' ? message : '';
  const named = ['image-1.png', 'image-2.gif'].every((name) => text.includes(`"filename": "${name}"`));
  assertContract(text.startsWith('<file-content>') && named, `message must begin with <file-content> blocks naming both files, got ${describeValue(text.slice(0, 200))}`);
}

/** Every read of a streamed query, through core's frame reader. */
async function readStream(body: AsyncIterable<Uint8Array | string>): Promise<AskSageFrameRead[]> {
  const reader = createAskSageFrameReader();
  const reads: AskSageFrameRead[] = [];
  for await (const chunk of body) reads.push(...reader.push(chunk));
  reads.push(...reader.end());
  return reads;
}

/** The cases, by name. A name is what `skip` refers to, so renaming one is a breaking change. */
const contractCases: Record<string, ContractCase> = {
  'query with a valid key resolves an AskSage envelope': async (harness) => {
    const reply = await harness.client.query(sampleQuery(harness.model, false), { apiKey: harness.validKey });
    assertContract(typeof reply.message === 'string' && reply.message.length > 0, `message must be a non-empty string, got ${describeValue(reply)}`);
    assertContract(Number(reply.status) === 200, `status must be 200, got ${describeValue(reply.status)}`);
  },
  'query with usage:true resolves token usage': async (harness) => {
    const reply = await harness.client.query(sampleQuery(harness.model, true), { apiKey: harness.validKey });
    const tokens = reply.usage?.model_tokens;
    assertContract(typeof tokens?.prompt_tokens === 'number' && typeof tokens.completion_tokens === 'number', `usage.model_tokens must carry counts, got ${describeValue(reply.usage)}`);
  },
  'query with an invalid key resolves the HTTP-200 Token is invalid envelope': async (harness) => {
    // AskSage reports a bad key as HTTP 200 + status 400 in the body; core interprets it, so the port resolves it.
    const reply = await harness.client.query(sampleQuery(harness.model, false), { apiKey: harness.invalidKey });
    assertContract(typeof reply.response === 'string' && reply.response.includes('Token is invalid'), `response must say 'Token is invalid', got ${describeValue(reply)}`);
    assertContract(Number(reply.status) === 400, `status must be 400, got ${describeValue(reply.status)}`);
  },
  'getModels without a key returns model ids': async (harness) => {
    const ids = parseGetModelsIds(await harness.client.getModels({}));
    assertContract(ids.length > 0 && ids.every((id) => typeof id === 'string'), `expected model ids, got ${describeValue(ids)}`);
  },
  'getModels with a key returns the ids that key may use': async (harness) => {
    const ids = parseGetModelsIds(await harness.client.getModels({ apiKey: harness.validKey }));
    assertContract(ids.includes(harness.model), `expected '${harness.model}' among ${describeValue(ids)}`);
  },
  'countMonthlyTokens with a valid key resolves a count that grows with queries': async (harness) => {
    const before = parseMonthlyTokenCount(await harness.client.countMonthlyTokens({ apiKey: harness.validKey }));
    await harness.client.query(sampleQuery(harness.model, false), { apiKey: harness.validKey });
    const after = parseMonthlyTokenCount(await harness.client.countMonthlyTokens({ apiKey: harness.validKey }));
    assertContract(after > before, `the monthly count must grow after a query, got ${before} then ${after}`);
  },
  'countMonthlyTokens with an invalid key resolves the Token is invalid envelope': async (harness) => {
    const body = await harness.client.countMonthlyTokens({ apiKey: harness.invalidKey });
    assertContract(typeof (body as { response?: unknown }).response === 'string' && String((body as { response: string }).response).includes('Token is invalid'), `expected 'Token is invalid', got ${describeValue(body)}`);
  },
  'HTTP 429 with Retry-After rejects upstream_rate_limited with retryAfterSeconds': async (harness) => {
    const error = await assertRejectsWith(queryWithFault(harness, { kind: 'http', status: 429, retryAfter: '7' }), 'upstream_rate_limited', 'HTTP 429');
    assertContract(error.retryAfterSeconds === 7, `retryAfterSeconds must be 7, got ${describeValue(error.retryAfterSeconds)}`);
  },
  'HTTP 500 rejects a retryable upstream_unavailable': async (harness) => {
    const error = await assertRejectsWith(queryWithFault(harness, { kind: 'http', status: 500 }), 'upstream_unavailable', 'HTTP 500');
    assertContract(error.isRetryable, 'HTTP 500 must be retryable');
  },
  'HTTP 503 rejects a retryable upstream_unavailable': async (harness) => {
    const error = await assertRejectsWith(queryWithFault(harness, { kind: 'http', status: 503 }), 'upstream_unavailable', 'HTTP 503');
    assertContract(error.isRetryable, 'HTTP 503 must be retryable');
  },
  'a 2xx body that is not JSON rejects upstream_bad_response': async (harness) => {
    await assertRejectsWith(queryWithFault(harness, { kind: 'bad-json' }), 'upstream_bad_response', 'a truncated JSON body');
  },
  'an HTML page served with HTTP 200 rejects upstream_bad_response': async (harness) => {
    await assertRejectsWith(queryWithFault(harness, { kind: 'html', status: 200 }), 'upstream_bad_response', 'an HTML page');
  },
  'a connection reset rejects a retryable upstream_unavailable': async (harness) => {
    const error = await assertRejectsWith(queryWithFault(harness, { kind: 'reset' }), 'upstream_unavailable', 'a connection reset');
    assertContract(error.isRetryable, 'a connection reset must be retryable');
  },
  'a stalled call rejects request_aborted once the signal fires': async (harness) => {
    await harness.inject({ kind: 'stall' });
    const controller = harness.createAbortController();
    const pending = harness.client.query(sampleQuery(harness.model, false), { apiKey: harness.validKey, signal: controller.signal });
    pending.catch(() => undefined); // observed below; avoids an unhandled-rejection report in between
    await harness.waitForUpstreamCall?.();
    controller.abort();
    const error = await assertRejectsWith(pending, 'request_aborted', 'an aborted call');
    assertContract(error.keyVerdict === undefined, `a caller's cancellation must not count against the key, got keyVerdict ${describeValue(error.keyVerdict)}`);
  },
  'an already-aborted signal rejects request_aborted': async (harness) => {
    const controller = harness.createAbortController();
    controller.abort();
    await assertRejectsWith(harness.client.query(sampleQuery(harness.model, false), { apiKey: harness.validKey, signal: controller.signal }), 'request_aborted', 'a call with an aborted signal');
  },
  'streamQuery streams reads that the frame reader turns into the whole answer': async (harness) => {
    const body = await harness.client.streamQuery({ ...sampleQuery(harness.model, true), streaming: true }, { apiKey: harness.validKey });
    const reads = await readStream(body);
    const final = reads.at(-1);
    assertContract(final?.type === 'final', `the stream must end with the final envelope, got ${describeValue(final)}`);
    if (final?.type !== 'final') return;
    assertContract(!final.textMismatch, 'the final text must continue the streamed deltas');
    const streamed = reads.map((read) => (read.type === 'text-delta' ? read.delta : '')).join('') + final.remainingText;
    assertContract(streamed === final.reply.message, `deltas plus the rest must equal the final message, got ${describeValue(streamed)}`);
  },
  'streamQuery with an invalid key streams an envelope the frame reader reports as upstream_authentication': async (harness) => {
    const reads = await readStream(await harness.client.streamQuery({ ...sampleQuery(harness.model, false), streaming: true }, { apiKey: harness.invalidKey }));
    const last = reads.at(-1);
    assertContract(last?.type === 'error' && last.error.code === 'upstream_authentication', `expected an upstream_authentication error read, got ${describeValue(last)}`);
  },
  'streamQuery rejects HTTP 503 before any read with a retryable upstream_unavailable': async (harness) => {
    await harness.inject({ kind: 'http', status: 503 });
    const error = await assertRejectsWith(harness.client.streamQuery({ ...sampleQuery(harness.model, false), streaming: true }, { apiKey: harness.validKey }), 'upstream_unavailable', 'HTTP 503');
    assertContract(error.isRetryable, 'HTTP 503 must be retryable');
    assertNoSecret(error, harness.validKey, 'a streamed HTTP 503');
  },
  'a stalled streamQuery rejects request_aborted once the signal fires': async (harness) => {
    await harness.inject({ kind: 'stall' });
    const controller = harness.createAbortController();
    const pending = harness.client.streamQuery({ ...sampleQuery(harness.model, false), streaming: true }, { apiKey: harness.validKey, signal: controller.signal });
    pending.catch(() => undefined);
    await harness.waitForUpstreamCall?.();
    controller.abort();
    const error = await assertRejectsWith(pending, 'request_aborted', 'an aborted stream');
    assertContract(error.keyVerdict === undefined, `a caller's cancellation must not count against the key, got keyVerdict ${describeValue(error.keyVerdict)}`);
  },
  'a query with file parts reaches AskSage as multipart with the exact bytes, in order': async (harness) => {
    const reply = await harness.client.query(sampleQuery(harness.model, false), { apiKey: harness.validKey, files: contractFiles() });
    await assertReceivedContractFiles(harness);
    assertFileContentBlocks(reply.message);
  },
  'a streamQuery with file parts reaches AskSage as multipart with the exact bytes': async (harness) => {
    const reads = await readStream(await harness.client.streamQuery({ ...sampleQuery(harness.model, false), streaming: true }, { apiKey: harness.validKey, files: contractFiles() }));
    await assertReceivedContractFiles(harness);
    const final = reads.at(-1);
    assertContract(final?.type === 'final', `the stream must end with the final envelope, got ${describeValue(final)}`);
    if (final?.type === 'final') assertFileContentBlocks(final.reply.message);
  },
  'embed with a valid key resolves one vector per input in OpenAI list shape': async (harness) => {
    const body = (await harness.client.embed({ model: 'text-embedding-3-small', input: ['alpha', 'beta'], dimensions: 8 }, { apiKey: harness.validKey })) as { data?: Array<{ index?: unknown; embedding?: unknown }> };
    assertContract(Array.isArray(body.data) && body.data.length === 2, `expected two embeddings, got ${describeValue(body)}`);
    for (const [index, entry] of (body.data ?? []).entries()) {
      assertContract(entry.index === index && Array.isArray(entry.embedding) && entry.embedding.length === 8, `embedding ${index} must have index ${index} and 8 numbers, got ${describeValue(entry)}`);
    }
  },
  'embed with an invalid key resolves the HTTP-200 Token is invalid envelope': async (harness) => {
    const body = (await harness.client.embed({ model: 'text-embedding-3-small', input: 'alpha' }, { apiKey: harness.invalidKey })) as { response?: unknown; status?: unknown };
    assertContract(typeof body.response === 'string' && body.response.includes('Token is invalid') && Number(body.status) === 400, `expected the Token is invalid envelope, got ${describeValue(body)}`);
  },
  'errors never reveal the API key': async (harness) => {
    const faults: ContractFault[] = [{ kind: 'reset' }, { kind: 'http', status: 503 }, { kind: 'bad-json' }];
    for (const fault of faults) {
      await harness.inject(fault);
      const pending = harness.client.query(sampleQuery(harness.model, false), { apiKey: harness.validKey });
      const error = await pending.then(
        () => undefined,
        (rejection: unknown) => rejection,
      );
      assertContract(error !== undefined, `fault ${describeValue(fault)} must reject`);
      assertNoSecret(error as never, harness.validKey, `fault ${describeValue(fault)}`);
    }
  },
};

/** Every case name, for `skip` maps and documentation. */
export const upstreamContractCaseNames: readonly string[] = Object.keys(contractCases);

/**
 * The one shared contract suite of the `UpstreamClient` port (hono's `common.case.test.ts` pattern): run it
 * against every implementation — the in-memory fake and the real AskSage adapter talking to the simulator.
 * A new adapter is done when this passes; a skipped case must say why, and the reason shows in the report.
 */
export function describeUpstreamClientContract(options: UpstreamContractOptions): void {
  describeContractCases('describeUpstreamClientContract', 'UpstreamClient', contractCases, options);
}
