import { createFakeUpstreamClient } from '../testing/fake-upstream-client';
import { createManualClock } from '../testing/manual-clock';
import { createMonthlyUsageReader } from './create-monthly-usage-reader';
import { parseMonthlyTokenCount } from '../asksage/parse-monthly-token-count';

const keys = [
  { name: 'alpha', key: 'alpha-SECRET-key', weight: 1 },
  { name: 'revoked', key: 'revoked-SECRET-key', weight: 1 },
];

describe('createMonthlyUsageReader', () => {
  it('reports each key by name, with the failure code for a key AskSage rejects', async () => {
    const upstream = createFakeUpstreamClient({ invalidKeys: ['revoked-SECRET-key'], monthlyTokens: { 'alpha-SECRET-key': 45330 } });
    const reader = createMonthlyUsageReader({ upstream, keys, clock: createManualClock() });
    const usage = await reader.read();
    expect(usage.map(({ key, tokens, error }) => ({ key, tokens, error }))).toEqual([
      { key: 'alpha', tokens: 45330, error: undefined },
      { key: 'revoked', tokens: undefined, error: 'upstream_authentication' },
    ]);
    expect(JSON.stringify(usage)).not.toContain('SECRET');
  });

  it('asks AskSage once per key within the cache time, and again after it', async () => {
    const upstream = createFakeUpstreamClient();
    const clock = createManualClock();
    const reader = createMonthlyUsageReader({ upstream, keys: keys.slice(0, 1), clock, ttlMs: 300_000 });
    await Promise.all([reader.read(), reader.read()]);
    await reader.read();
    const calls = () => upstream.calls.filter((call) => call.method === 'countMonthlyTokens').length;
    expect(calls()).toBe(1);
    clock.advance(300_000);
    await reader.read();
    expect(calls()).toBe(2);
  });
});

describe('parseMonthlyTokenCount', () => {
  it('reads the recorded body and refuses what is not a count', () => {
    expect(parseMonthlyTokenCount({ response: 45330, status: 200 })).toBe(45330);
    expect(() => parseMonthlyTokenCount({ response: 'Token is invalid [2]', status: 400 })).toThrow(expect.objectContaining({ code: 'upstream_authentication' }));
    expect(() => parseMonthlyTokenCount({ response: 'lots', status: 200 })).toThrow(expect.objectContaining({ code: 'upstream_bad_response' }));
  });
});
