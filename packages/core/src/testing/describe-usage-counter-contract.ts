import type { RequestFinishedEvent, TokensUsedEvent, UpstreamAttemptEvent } from '../ports/proxy-observer';
import type { UsageCounter } from '../ports/usage-counter';
import type { KeyUsage, ModelUsage, UsageTotals } from '../usage/usage-snapshot';
import { describeValue } from './contract-assertions';
import { describeContractCases } from './describe-contract-cases';

/** One fresh counter under test, as two replicas see it, with control over the time both see. Built per case. */
export interface UsageCounterContractHarness {
  /** The implementation under test, as one replica holds it. */
  counter: UsageCounter;
  /**
   * Another replica's counter over the same shared store (a second instance on the same backend). For a counter that
   * is not shared between processes (the in-memory ledger), the same instance as `counter`.
   */
  peer: UsageCounter;
  /** The time both counters see, ms epoch. */
  now(): number;
  /** Moves the time both counters see forward by `ms`. */
  advance(ms: number): void | Promise<void>;
  /** Resolves once every event given to either counter so far shows in both counters' `read` (writes flushed). */
  settle(): Promise<void>;
  /** Releases everything the harness opened (connections, servers). */
  close(): Promise<void>;
}

/** Options of `describeUsageCounterContract`. */
export interface UsageCounterContractOptions {
  /** Names the implementation in the test report. */
  name: string;
  /** Builds a fresh harness with no counts; called once per case. */
  createHarness: () => Promise<UsageCounterContractHarness>;
  /** Case name -> why it cannot run against this implementation. Reported as skipped with the reason. */
  skip?: Partial<Record<string, string>>;
}

type ContractCase = (harness: UsageCounterContractHarness) => Promise<void>;

const minute = 60_000;

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`UsageCounter contract violated: ${message}`);
}

function same(actual: unknown, expected: unknown, situation: string): void {
  check(JSON.stringify(actual) === JSON.stringify(expected), `${situation}: expected ${describeValue(expected)}, got ${describeValue(actual)}`);
}

const finished = (overrides: Partial<RequestFinishedEvent> = {}): RequestFinishedEvent => ({
  requestId: 'req_contract', dialect: 'openai-chat', requestedModel: 'gpt-4o', model: 'gpt-4o', stream: false, outcome: 'success', key: 'alpha', attempts: 1, durationMs: 5, ...overrides,
});
const attempt = (overrides: Partial<UpstreamAttemptEvent> = {}): UpstreamAttemptEvent => ({
  requestId: 'req_contract', dialect: 'openai-chat', model: 'gpt-4o', key: 'alpha', attempt: 1, stream: false, outcome: 'success', durationMs: 1, ...overrides,
});
const tokens = (overrides: Partial<TokensUsedEvent> = {}): TokensUsedEvent => ({
  requestId: 'req_contract', dialect: 'openai-chat', model: 'gpt-4o', key: 'alpha', inputTokens: 10, outputTokens: 4, asksageTokens: 2, source: 'upstream', ...overrides,
});

/** One whole request through `counter`: a failed attempt on `failedKey` (if any), then success on `key`. */
function serveOne(counter: UsageCounter, key: string, model = 'gpt-4o', failedKey?: string): void {
  if (failedKey !== undefined) counter.upstreamAttempt(attempt({ key: failedKey, model, outcome: 'error', code: 'upstream_unavailable' }));
  counter.upstreamAttempt(attempt({ key, model, attempt: failedKey === undefined ? 1 : 2 }));
  counter.tokensUsed(tokens({ key, model }));
  counter.requestFinished(finished({ key, model, attempts: failedKey === undefined ? 1 : 2 }));
}

const keyUsage = (usage: Partial<KeyUsage>): KeyUsage => ({ requests: 0, attempts: 0, failures: 0, inputTokens: 0, outputTokens: 0, asksageTokens: 0, ...usage });
const modelUsage = (usage: Partial<ModelUsage>): ModelUsage => ({ requests: 0, failures: 0, inputTokens: 0, outputTokens: 0, ...usage });

function sumOfRate(totals: UsageTotals): number {
  return totals.requestsPerMinute.counts.reduce((sum, count) => sum + count, 0);
}

/** The cases, by name. A name is what `skip` refers to, so renaming one is a breaking change. */
const contractCases: Record<string, ContractCase> = {
  'an empty counter reads no keys, no models and sixty empty minutes': async ({ counter }) => {
    const totals = await counter.read();
    same(totals.keys, {}, 'keys');
    same(totals.models, {}, 'models');
    check(totals.requestsPerMinute.counts.length === 60, `sixty minutes expected, got ${totals.requestsPerMinute.counts.length}`);
    check(sumOfRate(totals) === 0, `no requests expected, got ${describeValue(totals.requestsPerMinute.counts)}`);
  },
  'counts requests, upstream attempts, failures and tokens per key name': async ({ counter }) => {
    serveOne(counter, 'alpha', 'gpt-4o', 'beta');
    const totals = await counter.read();
    same(totals.keys.alpha, keyUsage({ requests: 1, attempts: 1, inputTokens: 10, outputTokens: 4, asksageTokens: 2 }), 'the key that answered');
    same(totals.keys.beta, keyUsage({ attempts: 1, failures: 1 }), 'the key that failed over');
  },
  'counts requests, failures and tokens per resolved model, an unresolved one under (unknown) and never the name sent': async ({ counter }) => {
    serveOne(counter, 'alpha', 'gpt-4o');
    counter.requestFinished(finished({ requestId: 'req_failed', model: 'gpt-4o', outcome: 'error', code: 'upstream_rate_limited' }));
    counter.requestFinished(finished({ requestId: 'req_unknown', model: undefined, requestedModel: 'sk-pasted-secret', key: undefined, outcome: 'error', code: 'model_not_found' }));
    const totals = await counter.read();
    same(totals.models['gpt-4o'], modelUsage({ requests: 2, failures: 1, inputTokens: 10, outputTokens: 4 }), 'the resolved model');
    same(totals.models['(unknown)'], modelUsage({ requests: 1, failures: 1 }), 'the unresolved model');
    check(!JSON.stringify(totals).includes('sk-pasted-secret'), 'the name a client sent must never be counted under its own label');
  },
  'a client going away is a request, not a failure': async ({ counter }) => {
    counter.upstreamAttempt(attempt({ outcome: 'aborted' }));
    counter.requestFinished(finished({ outcome: 'aborted' }));
    const totals = await counter.read();
    same(totals.keys.alpha, keyUsage({ requests: 1, attempts: 1 }), 'the key');
    same(totals.models['gpt-4o'], modelUsage({ requests: 1 }), 'the model');
  },
  'counts from two replicas add up, and both read the same totals': async (harness) => {
    const { counter, peer } = harness;
    serveOne(counter, 'alpha');
    serveOne(peer, 'alpha');
    serveOne(peer, 'beta', 'gpt-4o-mini', 'alpha');
    await harness.settle();
    const [mine, theirs] = await Promise.all([counter.read(), peer.read()]);
    same(mine.keys, theirs.keys, 'both replicas, keys');
    same(mine.models, theirs.models, 'both replicas, models');
    same(mine.keys.alpha, keyUsage({ requests: 2, attempts: 3, failures: 1, inputTokens: 20, outputTokens: 8, asksageTokens: 4 }), 'alpha over both replicas');
    same(mine.models['gpt-4o-mini'], modelUsage({ requests: 1, inputTokens: 10, outputTokens: 4 }), 'gpt-4o-mini over both replicas');
    check(sumOfRate(mine) === 3 && sumOfRate(theirs) === 3, `three requests per hour on both, got ${sumOfRate(mine)} and ${sumOfRate(theirs)}`);
  },
  'requests per minute: sixty minutes oldest first, the current minute last, older minutes dropped': async (harness) => {
    const { counter } = harness;
    // Start on a minute boundary so the two minutes below are two buckets whatever the harness' start time.
    await harness.advance(minute - (harness.now() % minute));
    counter.requestFinished(finished());
    await harness.advance(minute);
    counter.requestFinished(finished());
    counter.requestFinished(finished());
    let rate = (await counter.read()).requestsPerMinute;
    same(rate.counts.slice(-2), [1, 2], 'the two newest minutes');
    same(rate.firstMinute, Math.floor(harness.now() / minute) * minute - 59 * minute, 'the first minute (ms epoch)');
    await harness.advance(59 * minute);
    rate = (await counter.read()).requestsPerMinute;
    same(rate.counts[0], 2, 'the oldest minute of the hour, an hour later');
    check(rate.counts.reduce((sum, count) => sum + count, 0) === 2, `the minute that left the hour must not count, got ${describeValue(rate.counts)}`);
  },
  'since is no later than the first counted request and stays put': async (harness) => {
    const { counter } = harness;
    const before = harness.now();
    serveOne(counter, 'alpha');
    await harness.settle();
    const since = (await counter.read()).since;
    check(since <= before, `since (${since}) must not be after the first request (${before})`);
    await harness.advance(minute);
    serveOne(counter, 'alpha');
    await harness.settle();
    same((await counter.read()).since, since, 'since after more requests');
  },
  'what read returns is a copy: changing it changes no count': async ({ counter }) => {
    serveOne(counter, 'alpha');
    const first = await counter.read();
    (first.keys.alpha as KeyUsage).requests = 99;
    first.requestsPerMinute.counts.fill(99);
    const second = await counter.read();
    check(second.keys.alpha?.requests === 1, `the count changed through a returned value: ${describeValue(second.keys.alpha)}`);
    check(sumOfRate(second) === 1, `the rate changed through a returned value: ${describeValue(second.requestsPerMinute.counts)}`);
  },
};

/** Every case name, for `skip` maps and documentation. */
export const usageCounterContractCaseNames: readonly string[] = Object.keys(contractCases);

/**
 * The one shared contract suite of the `UsageCounter` port: run it against every implementation — the in-memory
 * ledger and a shared counter (Redis) with two replicas' instances on one backend. A new counter is done when this
 * passes; a skipped case must say why, and the reason shows in the report.
 */
export function describeUsageCounterContract(options: UsageCounterContractOptions): void {
  describeContractCases('describeUsageCounterContract', 'UsageCounter', contractCases, options);
}
