import { createManualClock } from '../testing/manual-clock';
import type { RequestFinishedEvent } from '../ports/proxy-observer';
import { createUsageLedger } from './create-usage-ledger';

const finished = (overrides: Partial<RequestFinishedEvent> = {}): RequestFinishedEvent => ({
  requestId: 'req_1', dialect: 'openai-chat', requestedModel: 'gpt-4o', model: 'gpt-4o', stream: false, outcome: 'success', key: 'alpha', attempts: 1, durationMs: 5, ...overrides,
});

describe('createUsageLedger', () => {
  it('counts requests, failed attempts and tokens per key and per model', () => {
    const ledger = createUsageLedger({ clock: createManualClock() });
    ledger.upstreamAttempt({ requestId: 'req_1', dialect: 'openai-chat', model: 'gpt-4o', key: 'beta', attempt: 1, stream: false, outcome: 'error', code: 'upstream_unavailable', durationMs: 1 });
    ledger.upstreamAttempt({ requestId: 'req_1', dialect: 'openai-chat', model: 'gpt-4o', key: 'alpha', attempt: 2, stream: false, outcome: 'success', durationMs: 1 });
    ledger.tokensUsed({ requestId: 'req_1', dialect: 'openai-chat', model: 'gpt-4o', key: 'alpha', inputTokens: 10, outputTokens: 4, asksageTokens: 2, source: 'upstream' });
    ledger.requestFinished(finished({ attempts: 2 }));
    const snapshot = ledger.snapshot();
    expect(snapshot.keys).toEqual({
      beta: { requests: 0, attempts: 1, failures: 1, inputTokens: 0, outputTokens: 0, asksageTokens: 0 },
      alpha: { requests: 1, attempts: 1, failures: 0, inputTokens: 10, outputTokens: 4, asksageTokens: 2 },
    });
    expect(snapshot.models).toEqual({ 'gpt-4o': { requests: 1, failures: 0, inputTokens: 10, outputTokens: 4 } });
  });

  it('keeps failed requests newest first, as codes, never the model name a client made up', () => {
    const ledger = createUsageLedger({ clock: createManualClock(), recentErrorLimit: 2 });
    ledger.requestFinished(finished({ requestId: 'req_a', outcome: 'error', code: 'upstream_rate_limited' }));
    ledger.requestFinished(finished({ requestId: 'req_b', outcome: 'error', code: 'model_not_found', model: undefined, requestedModel: 'sk-pasted-secret', key: undefined }));
    ledger.requestFinished(finished({ requestId: 'req_c', outcome: 'error', code: 'upstream_timeout' }));
    const errors = ledger.snapshot().recentErrors;
    expect(errors.map((entry) => entry.requestId)).toEqual(['req_c', 'req_b']);
    expect(errors[1]).toMatchObject({ code: 'model_not_found', model: '(unknown)' });
    expect(JSON.stringify(ledger.snapshot())).not.toContain('sk-pasted-secret');
  });

  it('buckets requests per minute over the last hour and forgets older minutes', () => {
    const clock = createManualClock(60_000 * 1000);
    const ledger = createUsageLedger({ clock });
    ledger.requestFinished(finished());
    clock.advance(60_000);
    ledger.requestFinished(finished());
    ledger.requestFinished(finished());
    let rate = ledger.snapshot().requestsPerMinute;
    expect(rate.counts).toHaveLength(60);
    expect(rate.counts.slice(-2)).toEqual([1, 2]);
    expect(rate.firstMinute).toBe(60_000 * (1001 - 59));
    clock.advance(59 * 60_000);
    rate = ledger.snapshot().requestsPerMinute;
    // The first minute has left the hour; the second is now the oldest.
    expect(rate.counts[0]).toBe(2);
    expect(rate.counts.reduce((sum, count) => sum + count, 0)).toBe(2);
  });
});
