import { ProxyError } from '../errors/proxy-error';
import type { AbortSignalLike } from '../ports/abort-signal-like';
import type { PassthroughCallOptions, PassthroughClient, PassthroughReply, PassthroughStreamReply, PassthroughSurface } from '../ports/passthrough-client';
import { createContractFaultError } from './create-contract-fault-error';
import type { ContractFault } from './contract-fault';
import { readLastUserText, renderFakeSurfaceReply, renderFakeSurfaceStream, renderFakeUnknownModel } from './render-fake-surface-reply';

/** One recorded call; `apiKey` stays in the test. */
export interface FakePassthroughCall {
  surface: PassthroughSurface;
  stream: boolean;
  apiKey: string;
  body: Record<string, unknown>;
}

/** What the fake does for one call. */
export type FakePassthroughStep =
  /** A whole reply with this status and body (an envelope, an error body, anything). */
  | { kind: 'reply'; status: number; body: unknown; headers?: Record<string, string> }
  /** `sendStream` only: these reads as the body, then its end (or `thenError`). */
  | { kind: 'reads'; reads: string[]; status?: number; contentType?: string; thenError?: ProxyError }
  /** Fail the way the real adapter does (`http` resolves with that status, like the adapter). */
  | { kind: 'fault'; fault: ContractFault }
  /** Never answer until the signal fires. */
  | { kind: 'stall' };

/** Options of `createFakePassthroughClient`. */
export interface FakePassthroughOptions {
  /** Only these keys are valid; others get the HTTP-200 "Token is invalid [2]" envelope. */
  validKeys: readonly string[];
  /** Models the surfaces serve; others get the surface's HTTP 400 "Unsupported model". */
  models: readonly string[];
}

/** The in-memory `PassthroughClient` with its test controls. */
export interface FakePassthroughClient extends PassthroughClient {
  /** Every call, in order. */
  readonly calls: readonly FakePassthroughCall[];
  /** Scripts the outcome of the next call(s), first in first out; `apiKey` limits a step to calls with that key. */
  enqueue(step: FakePassthroughStep, match?: { apiKey?: string }): void;
  /** Calls still waiting (stalled), so an abort test can check nothing is left hanging. */
  openCalls(): number;
}

const jsonHeaders = { 'content-type': 'application/json' };
const sseHeaders = { 'content-type': 'text/event-stream; charset=utf-8' };

function aborted(): ProxyError {
  return new ProxyError('request_aborted', 'The client cancelled the request; the AskSage call was stopped.');
}

async function* readsOf(reads: readonly string[], thenError: ProxyError | undefined, signal: AbortSignalLike | undefined): AsyncGenerator<string, void, undefined> {
  for (const read of reads) {
    if (signal?.aborted === true) throw aborted();
    yield read;
  }
  if (thenError !== undefined) throw thenError;
}

/**
 * An in-memory AskSage compatibility surface: valid keys get an echo of the last user text (`Echo from <model>: …`)
 * in the surface's own JSON or SSE shape, other keys AskSage's HTTP-200 envelope, unknown models the surface's 400.
 * Scripted steps fail, stall or answer anything. No timers: it settles in microtasks, or when a signal fires.
 */
export function createFakePassthroughClient(options: FakePassthroughOptions): FakePassthroughClient {
  const calls: FakePassthroughCall[] = [];
  const steps: Array<{ step: FakePassthroughStep; apiKey?: string }> = [];
  let inFlight = 0;

  function takeStep(apiKey: string): FakePassthroughStep | undefined {
    const index = steps.findIndex((entry) => entry.apiKey === undefined || entry.apiKey === apiKey);
    return index < 0 ? undefined : steps.splice(index, 1)[0]?.step;
  }

  function defaultStep(call: FakePassthroughCall): FakePassthroughStep {
    if (!options.validKeys.includes(call.apiKey)) return { kind: 'reply', status: 200, body: { response: 'Token is invalid [2]', status: 400 } };
    const model = String(call.body.model);
    if (!options.models.includes(model)) return { kind: 'reply', status: 400, body: renderFakeUnknownModel(call.surface, model) };
    const text = `Echo from ${model}: ${readLastUserText(call.surface, call.body)}`;
    if (!call.stream) return { kind: 'reply', status: 200, body: renderFakeSurfaceReply(call.surface, model, text) };
    const middle = Math.ceil(text.length / 2);
    return { kind: 'reads', reads: renderFakeSurfaceStream(call.surface, model, [text.slice(0, middle), text.slice(middle)]) };
  }

  function stall(signal: AbortSignalLike | undefined): Promise<never> {
    inFlight += 1;
    return new Promise<never>((_resolve, reject) => {
      signal?.addEventListener('abort', () => {
        inFlight -= 1;
        reject(aborted());
      }, { once: true });
    });
  }

  async function call(surface: PassthroughSurface, body: unknown, callOptions: PassthroughCallOptions, stream: boolean): Promise<PassthroughStreamReply | PassthroughReply> {
    if (callOptions.signal?.aborted === true) throw aborted();
    const record: FakePassthroughCall = { surface, stream, apiKey: callOptions.apiKey, body: { ...(body as Record<string, unknown>) } };
    calls.push(record);
    const step = takeStep(callOptions.apiKey) ?? defaultStep(record);
    switch (step.kind) {
      case 'stall':
        return stall(callOptions.signal);
      case 'fault':
        if (step.fault.kind === 'stall') return stall(callOptions.signal);
        // The real adapter resolves every HTTP status; only transport faults reject.
        if (step.fault.kind === 'http') {
          const headers = step.fault.retryAfter === undefined ? jsonHeaders : { ...jsonHeaders, 'retry-after': step.fault.retryAfter };
          return reply({ status: step.fault.status, body: { response: `HTTP ${step.fault.status}`, status: step.fault.status }, headers }, stream);
        }
        throw createContractFaultError(step.fault);
      case 'reply':
        return reply(step, stream);
      case 'reads':
        if (!stream) throw new Error('a `reads` step only answers sendStream');
        return { status: step.status ?? 200, headers: { 'content-type': step.contentType ?? sseHeaders['content-type'] }, body: readsOf(step.reads, step.thenError, callOptions.signal) };
    }
  }

  function reply(step: { status: number; body: unknown; headers?: Record<string, string> }, stream: boolean): PassthroughReply | PassthroughStreamReply {
    const headers = step.headers ?? jsonHeaders;
    if (!stream) return { status: step.status, headers, body: step.body };
    const text = typeof step.body === 'string' ? step.body : `${JSON.stringify(step.body)}\n`;
    return { status: step.status, headers, body: readsOf([text], undefined, undefined) };
  }

  return {
    calls,
    enqueue: (step, match) => steps.push({ step, ...(match?.apiKey === undefined ? {} : { apiKey: match.apiKey }) }),
    openCalls: () => inFlight,
    send: (surface, body, callOptions) => call(surface, body, callOptions, false) as Promise<PassthroughReply>,
    sendStream: (surface, body, callOptions) => call(surface, body, callOptions, true) as Promise<PassthroughStreamReply>,
  };
}
