import type { ProxyObserver } from '../ports/proxy-observer';
import { describeContractCases } from './describe-contract-cases';
import type { ContractSuiteOptions } from './describe-contract-cases';

/** One fresh observer under test. */
export interface ProxyObserverContractHarness {
  /** The implementation under test (all five events, as `combineObservers` hands them out). */
  observer: ProxyObserver;
  /** Everything the observer exposes to people (log lines, a metrics exposition, a page), as text. */
  exposed(): Promise<string>;
  /** Releases what the harness opened. */
  close(): Promise<void>;
}

/** Options of `describeProxyObserverContract`. */
export type ProxyObserverContractOptions = ContractSuiteOptions<ProxyObserverContractHarness>;

const secretKey = 'observer-contract-SECRET-0123456789abcdef0123456789abcdef01234567';

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`ProxyObserver contract violated: ${message}`);
}

/** One of each event, the way the gateway and the key pool send them. */
function everyEvent(observer: ProxyObserver, model: string): void {
  const base = { requestId: 'req_1', dialect: 'openai-chat', model, key: 'lab' };
  observer.upstreamAttempt({ ...base, attempt: 1, stream: true, outcome: 'error', code: 'upstream_rate_limited', keyVerdict: 'rate_limited', durationMs: 12 });
  observer.keyStateChanged({ key: 'lab', change: 'cooling_down', previousState: 'healthy', state: 'cooling_down', at: 0, code: 'upstream_rate_limited', cooldownMs: 1000 });
  observer.upstreamAttempt({ ...base, key: 'backup', attempt: 2, stream: true, outcome: 'success', durationMs: 30 });
  observer.firstEvent({ ...base, key: 'backup', latencyMs: 40 });
  observer.tokensUsed({ ...base, key: 'backup', inputTokens: 10, outputTokens: 3, asksageTokens: 2, source: 'upstream' });
  observer.requestFinished({ requestId: 'req_1', dialect: 'openai-chat', requestedModel: model, model, stream: true, outcome: 'success', key: 'backup', attempts: 2, durationMs: 50 });
  observer.requestFinished({ requestId: 'req_2', dialect: 'openai-chat', requestedModel: model, stream: false, outcome: 'error', code: 'model_not_found', attempts: 0, durationMs: 1 });
}

const contractCases: Record<string, (harness: ProxyObserverContractHarness) => Promise<void>> = {
  'takes every event kind, in the order a request sends them, without throwing': async (harness) => {
    everyEvent(harness.observer, 'gpt-4o');
    await harness.exposed();
  },
  'takes events with only their required fields': async (harness) => {
    harness.observer.requestFinished({ requestId: 'r', dialect: 'library', requestedModel: 'x', stream: false, outcome: 'aborted', attempts: 0, durationMs: 0 });
    harness.observer.upstreamAttempt({ requestId: 'r', dialect: 'library', model: 'x', key: 'k', attempt: 1, stream: false, outcome: 'aborted', durationMs: 0 });
    harness.observer.tokensUsed({ requestId: 'r', dialect: 'library', model: 'x', key: 'k', inputTokens: 0, outputTokens: 0, source: 'estimated' });
    harness.observer.keyStateChanged({ key: 'k', change: 'circuit_closed', previousState: 'half_open', state: 'healthy', at: 0 });
    await harness.exposed();
  },
  'takes every key state change, an invalid key\'s recheck and restore included': async (harness) => {
    const changes = [
      { change: 'invalid', previousState: 'healthy', state: 'invalid', code: 'upstream_authentication', until: 6_000, recheckAt: 60 },
      { change: 'invalid', previousState: 'invalid', state: 'invalid', code: 'upstream_authentication', until: 7_000, recheckAt: 240 },
      { change: 'restored', previousState: 'invalid', state: 'healthy' },
      { change: 'cooling_down', previousState: 'healthy', state: 'cooling_down', code: 'upstream_rate_limited', cooldownMs: 1000 },
      { change: 'circuit_open', previousState: 'healthy', state: 'circuit_open', code: 'upstream_unavailable', consecutiveFailures: 3, cooldownMs: 30_000 },
      { change: 'probing', previousState: 'half_open', state: 'half_open' },
      { change: 'circuit_reopened', previousState: 'half_open', state: 'circuit_open', code: 'upstream_unavailable', consecutiveFailures: 4, cooldownMs: 30_000 },
      { change: 'circuit_closed', previousState: 'half_open', state: 'healthy' },
    ] as const;
    for (const event of changes) harness.observer.keyStateChanged({ key: 'lab', at: 0, ...event });
    await harness.exposed();
  },
  'never exposes a model name that did not resolve (the client\'s own text: a pasted key stays out)': async (harness) => {
    everyEvent(harness.observer, 'gpt-4o');
    // Only names the catalog resolved travel as `model`; what the client typed travels as `requestedModel` on failure.
    harness.observer.requestFinished({ requestId: 'req_3', dialect: 'openai-chat', requestedModel: secretKey, stream: false, outcome: 'error', code: 'model_not_found', attempts: 0, durationMs: 1 });
    const text = await harness.exposed();
    check(!text.includes(secretKey) && !text.includes(secretKey.slice(0, 24)), 'a model name the client sent (here a key) appears in what the observer exposes');
  },
};

/** Every case name, for `skip` maps. */
export const proxyObserverContractCaseNames: readonly string[] = Object.keys(contractCases);

/**
 * The contract of the `ProxyObserver` port: an observer takes every event the gateway and the key pool send, with only
 * the required fields too, never throws on them, and never exposes a requested model name that did not resolve (the
 * gateway passes it as the client sent it). Run against every observer (log lines, Prometheus).
 */
export function describeProxyObserverContract(options: ProxyObserverContractOptions): void {
  describeContractCases('describeProxyObserverContract', 'ProxyObserver', contractCases, options);
}
