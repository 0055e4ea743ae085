import { ProxyError } from '../errors/proxy-error';
import type { AbortSignalLike } from '../ports/abort-signal-like';
import type { UpstreamCallOptions, UpstreamClient, UpstreamFile, UpstreamGetModelsOptions } from '../ports/upstream-client';
import type { AskSageEmbeddingsRequest, AskSageQuery, AskSageQueryResponse, AskSageToolCall } from '../types/asksage';
import type { ContractFault } from './contract-fault';
import { createContractFaultError } from './create-contract-fault-error';
import { createFakeQueryReply, createTokenInvalidReply } from './create-fake-query-reply';

/** One recorded call. `apiKey` is kept so tests can check which key was used; it never leaves the test. */
export interface FakeUpstreamCall {
  /** Which port method was called. */
  method: 'query' | 'getModels' | 'countMonthlyTokens' | 'embed';
  /** The key passed in (undefined for an anonymous `getModels`). */
  apiKey: string | undefined;
  /** The query body, for `query` calls. */
  query?: AskSageQuery;
  /** The attached files, for queries that had any. */
  files?: readonly UpstreamFile[];
  /** The request, for `embed` calls. */
  embeddings?: AskSageEmbeddingsRequest;
  /** Position among all calls, from 0. */
  index: number;
}

/** What the fake does for one call. */
export type FakeUpstreamStep =
  /** Resolve a realistic success envelope carrying this text (and tool calls). */
  | { kind: 'text'; text: string; toolCalls?: AskSageToolCall[] }
  /** Resolve exactly this body (e.g. an HTTP-200 error envelope, or a `get-models` shape). */
  | { kind: 'body'; body: unknown }
  /** Reject with this error. */
  | { kind: 'error'; error: ProxyError }
  /** Fail the way the real adapter does for this transport/HTTP fault. */
  | { kind: 'fault'; fault: ContractFault }
  /** Never answer; reject with `request_aborted` when the call's signal fires. */
  | { kind: 'stall' }
  /** `streamQuery` only: these exact reads (frames, split as given), then the end of the body (or an error). */
  | { kind: 'frames'; reads: string[]; thenError?: ProxyError };

/** Which calls a scripted step applies to; every given field must match. */
export interface FakeStepMatch {
  /** Default `query`. */
  method?: 'query' | 'getModels' | 'countMonthlyTokens' | 'embed';
  /** Only calls made with this key. */
  apiKey?: string;
  /** Only queries for this model. */
  model?: string;
  /** How many matching calls the step serves; default 1. */
  times?: number;
}

/** Decides a call's outcome when no scripted step matched; return undefined for the default behaviour. */
export type FakeReplyFunction = (call: FakeUpstreamCall) => FakeUpstreamStep | undefined;

/** Options of `createFakeUpstreamClient`. */
export interface FakeUpstreamOptions {
  /** When given, only these keys are valid; any other key gets the HTTP-200 "Token is invalid [2]" envelope. */
  validKeys?: readonly string[];
  /** Keys that get "Token is invalid [2]" (used when `validKeys` is not given: every other key is valid). */
  invalidKeys?: readonly string[];
  /** The catalog `getModels` returns; default a few real AskSage ids. */
  models?: readonly string[];
  /** Per key, the models `getModels` narrows to (AskSage narrows the list for a key); default all. */
  entitlements?: Readonly<Record<string, readonly string[]>>;
  /** Per key, what `countMonthlyTokens` reports before this fake's own queries are added; default 0. */
  monthlyTokens?: Readonly<Record<string, number>>;
  /** Outcome of unscripted calls with a valid key; default: echo the last message. */
  reply?: FakeReplyFunction;
  /**
   * How `streamQuery` frames a text reply: yield frames with deltas (default), with the text so far, or the final
   * envelope alone; 'plain' answers one JSON body, like a tenant that ignores `streaming`.
   */
  streamMode?: 'delta' | 'cumulative' | 'single' | 'plain';
}

/** The in-memory `UpstreamClient` with its test controls. */
export interface FakeUpstreamClient extends UpstreamClient {
  /** Every call, in order. */
  readonly calls: readonly FakeUpstreamCall[];
  /** The `query` calls only, in order. */
  queries(): FakeUpstreamCall[];
  /** Scripts the outcome of the next matching call(s); steps are served first-in first-out. */
  enqueue(step: FakeUpstreamStep, match?: FakeStepMatch): void;
  /** Makes a key (in)valid from now on, like a revoked or restored AskSage key. */
  setKeyValid(apiKey: string, valid: boolean): void;
  /** Calls still in flight (stalled): lets an abort test check that nothing is left hanging. */
  openCalls(): number;
  /** Forgets recorded calls and scripted steps. */
  reset(): void;
}

/** Small deterministic vectors in OpenAI's list shape: one per input, `dimensions` long (default 8). */
function fakeEmbeddings(request: AskSageEmbeddingsRequest): unknown {
  const inputs: unknown[] = Array.isArray(request.input) && request.input.length > 0 && typeof request.input[0] !== 'number' ? request.input : [request.input];
  const dimensions = request.dimensions ?? 8;
  const data = inputs.map((input, index) => {
    const text = typeof input === 'string' ? input : JSON.stringify(input);
    return { object: 'embedding', index, embedding: Array.from({ length: dimensions }, (_, position) => ((text.length + position) % 7) / 7) };
  });
  const tokens = inputs.length * 3;
  return { object: 'list', data, model: request.model, usage: { prompt_tokens: tokens, total_tokens: tokens } };
}

/** The separator of AskSage's streamed frames (protocol doc §2.5). */
const frameSeparator = '@|@sep@|@';

/** A whole reply as the reads of a `streaming: true` answer: yield frames (delta or cumulative), then the envelope. */
function toFrameReads(envelope: AskSageQueryResponse, text: string, mode: 'delta' | 'cumulative' | 'single' | 'plain'): string[] {
  if (mode === 'plain') return [JSON.stringify(envelope)];
  // Yields carry pieces of the envelope's own message (leading blank lines included), as the simulator's do.
  const streamed = typeof envelope.message === 'string' ? envelope.message : text;
  const pieces = mode === 'single' ? [] : (streamed.match(/[^]{1,8}/gu) ?? []);
  let sent = '';
  const frames = pieces.map((piece) => {
    sent += piece;
    return JSON.stringify({ message: mode === 'cumulative' ? sent : piece, type: 'yield', status: 200 });
  });
  frames.push(JSON.stringify(envelope));
  return frames.map((frame, index) => (index === 0 ? frame : `${frameSeparator}${frame}`));
}

const defaultModels = ['gpt-4o', 'gpt-4o-mini', 'google-claude-45-haiku', 'gpt-5.4-nano'];

interface ScriptedStep {
  step: FakeUpstreamStep;
  match: FakeStepMatch;
  remaining: number;
}

function lastMessageText(query: AskSageQuery): string {
  if (typeof query.message === 'string') return query.message;
  return query.message[query.message.length - 1]?.message ?? '';
}

/**
 * AskSage's answer to attached files: each one's `<file-content>` block (a canned description for images, as the
 * simulator gives) before the model's text (protocol doc §3.1, §3.2).
 */
function describeFiles(files: readonly UpstreamFile[] | undefined): string {
  return (files ?? [])
    .map((file) => `<file-content>\n{"asksage_metadata": {"filename": ${JSON.stringify(file.name)}, "page_number": 1}}\nThe image ${file.name} shows a simulated picture.\n</file-content>`)
    .join('');
}

function abortedError(): ProxyError {
  return new ProxyError('request_aborted', 'The request was cancelled before AskSage answered.');
}

/** Rejects with `request_aborted` when the signal fires; without a signal it never settles, like a hung upstream. */
function stallUntilAborted(signal: AbortSignalLike | undefined, onSettled: () => void): Promise<never> {
  return new Promise<never>((_resolve, reject) => {
    signal?.addEventListener(
      'abort',
      () => {
        onSettled();
        reject(abortedError());
      },
      { once: true },
    );
  });
}

/**
 * An in-memory AskSage for core tests: records every call, answers with realistic envelopes, honours
 * the port contract (a bad key *resolves* the HTTP-200 "Token is invalid" envelope) and can be scripted
 * per call, key and model to fail, stall or answer anything. It uses no timers: everything settles in
 * microtasks, or when a signal fires.
 */
export function createFakeUpstreamClient(options: FakeUpstreamOptions = {}): FakeUpstreamClient {
  const calls: FakeUpstreamCall[] = [];
  let script: ScriptedStep[] = [];
  const validKeys = options.validKeys ? new Set(options.validKeys) : undefined;
  const invalidKeys = new Set(options.invalidKeys ?? []);
  const models = options.models ?? defaultModels;
  let inFlight = 0;
  // Like AskSage, each answered query adds to the key's monthly count (one token per call keeps it predictable).
  const monthlyUsed = new Map<string, number>(Object.entries(options.monthlyTokens ?? {}));

  function isValidKey(apiKey: string): boolean {
    if (invalidKeys.has(apiKey)) return false;
    return validKeys ? validKeys.has(apiKey) : true;
  }

  function takeScriptedStep(call: FakeUpstreamCall): FakeUpstreamStep | undefined {
    const entry = script.find(
      ({ match }) =>
        (match.method ?? 'query') === call.method &&
        (match.apiKey === undefined || match.apiKey === call.apiKey) &&
        (match.model === undefined || match.model === call.query?.model),
    );
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) script = script.filter((candidate) => candidate !== entry);
    return entry.step;
  }

  function run(step: FakeUpstreamStep, call: FakeUpstreamCall, signal: AbortSignalLike | undefined): Promise<unknown> {
    switch (step.kind) {
      case 'text': {
        const reply = createFakeQueryReply({ text: step.text, query: call.query ?? ({ model: '', message: '', usage: false } as AskSageQuery), toolCalls: step.toolCalls, sequence: call.index });
        return Promise.resolve(call.files === undefined ? reply : { ...reply, message: `${describeFiles(call.files)}${String(reply.message)}` });
      }
      case 'body':
        return Promise.resolve(step.body);
      case 'error':
        return Promise.reject(step.error);
      case 'fault':
        if (step.fault.kind !== 'stall') return Promise.reject(createContractFaultError(step.fault));
        return run({ kind: 'stall' }, call, signal);
      case 'frames':
        // A whole-reply call cannot be served from raw frames: the script is for streamQuery.
        return Promise.reject(new ProxyError('upstream_bad_response', 'The fake was scripted with frames for a non-streamed query.'));
      case 'stall':
        inFlight += 1;
        return stallUntilAborted(signal, () => {
          inFlight -= 1;
        });
    }
  }

  function record(method: FakeUpstreamCall['method'], apiKey: string | undefined, query?: AskSageQuery, files?: readonly UpstreamFile[]): FakeUpstreamCall {
    const call: FakeUpstreamCall = { method, apiKey, index: calls.length, ...(query ? { query } : {}), ...(files !== undefined && files.length > 0 ? { files } : {}) };
    calls.push(call);
    return call;
  }

  function getModelsBody(apiKey: string | undefined): unknown {
    const entitled = apiKey === undefined ? models : (options.entitlements?.[apiKey] ?? models);
    return {
      data: entitled.map((id) => ({ created: 'na', id, name: id, object: 'model', owned_by: 'organization-owner' })),
      object: 'list',
      response: [...entitled],
      status: 200,
    };
  }

  return {
    calls,
    queries: () => calls.filter((call) => call.method === 'query'),
    enqueue(step: FakeUpstreamStep, match: FakeStepMatch = {}): void {
      script.push({ step, match, remaining: match.times ?? 1 });
    },
    setKeyValid(apiKey: string, valid: boolean): void {
      if (valid) {
        invalidKeys.delete(apiKey);
        validKeys?.add(apiKey);
      } else {
        invalidKeys.add(apiKey);
      }
    },
    openCalls: () => inFlight,
    reset(): void {
      calls.length = 0;
      script = [];
    },
    query(query: AskSageQuery, callOptions: UpstreamCallOptions): Promise<AskSageQueryResponse> {
      const call = record('query', callOptions.apiKey, query, callOptions.files);
      if (callOptions.signal?.aborted) return Promise.reject(abortedError());
      if (isValidKey(callOptions.apiKey)) monthlyUsed.set(callOptions.apiKey, (monthlyUsed.get(callOptions.apiKey) ?? 0) + 1);
      const step =
        takeScriptedStep(call) ??
        (isValidKey(callOptions.apiKey) ? options.reply?.(call) : { kind: 'body', body: createTokenInvalidReply() }) ??
        ({ kind: 'text', text: `Echo: ${lastMessageText(query)}` } as const);
      return run(step, call, callOptions.signal) as Promise<AskSageQueryResponse>;
    },
    async streamQuery(query: AskSageQuery, callOptions: UpstreamCallOptions): Promise<AsyncIterable<string>> {
      const call = record('query', callOptions.apiKey, query, callOptions.files);
      if (callOptions.signal?.aborted) throw abortedError();
      const step =
        takeScriptedStep(call) ??
        (isValidKey(callOptions.apiKey) ? options.reply?.(call) : { kind: 'body', body: createTokenInvalidReply() }) ??
        ({ kind: 'text', text: `Echo: ${lastMessageText(query)}` } as const);
      const body = step.kind === 'frames' ? undefined : await run(step, call, callOptions.signal);
      const reads =
        step.kind === 'frames' ? step.reads : step.kind === 'text' ? toFrameReads(body as AskSageQueryResponse, step.text, options.streamMode ?? 'delta') : [JSON.stringify(body)];
      const signal = callOptions.signal;
      const thenError = step.kind === 'frames' ? step.thenError : undefined;
      return (async function* frames(): AsyncGenerator<string, void, undefined> {
        for (const read of reads) {
          if (signal?.aborted) throw abortedError();
          yield read;
        }
        if (thenError !== undefined) throw thenError;
      })();
    },
    embed(request: AskSageEmbeddingsRequest, callOptions: UpstreamCallOptions): Promise<unknown> {
      const call = record('embed', callOptions.apiKey);
      call.embeddings = request;
      if (callOptions.signal?.aborted) return Promise.reject(abortedError());
      // A `text` reply is a chat answer: the reply function scripts queries, so embeddings keep their default.
      const replied = isValidKey(callOptions.apiKey) ? options.reply?.(call) : ({ kind: 'body', body: createTokenInvalidReply() } as const);
      const step = takeScriptedStep(call) ?? (replied?.kind === 'text' ? undefined : replied) ?? ({ kind: 'body', body: fakeEmbeddings(request) } as const);
      return run(step, call, callOptions.signal);
    },
    getModels(callOptions: UpstreamGetModelsOptions): Promise<unknown> {
      const call = record('getModels', callOptions.apiKey);
      if (callOptions.signal?.aborted) return Promise.reject(abortedError());
      const invalid = callOptions.apiKey !== undefined && !isValidKey(callOptions.apiKey);
      const step =
        takeScriptedStep(call) ??
        (invalid ? { kind: 'body', body: createTokenInvalidReply() } : options.reply?.(call)) ??
        ({ kind: 'body', body: getModelsBody(callOptions.apiKey) } as const);
      return run(step, call, callOptions.signal);
    },
    countMonthlyTokens(callOptions: UpstreamCallOptions): Promise<unknown> {
      const call = record('countMonthlyTokens', callOptions.apiKey);
      if (callOptions.signal?.aborted) return Promise.reject(abortedError());
      const step =
        takeScriptedStep(call) ??
        (isValidKey(callOptions.apiKey) ? options.reply?.(call) : { kind: 'body', body: createTokenInvalidReply() }) ??
        ({ kind: 'body', body: { response: monthlyUsed.get(callOptions.apiKey) ?? 0, status: 200 } } as const);
      return run(step, call, callOptions.signal);
    },
  };
}
