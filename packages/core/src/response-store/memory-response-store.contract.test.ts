import { createManualClock } from '../testing/manual-clock';
import { describeResponseStoreContract, responseStoreContractCaseNames } from '../testing/describe-response-store-contract';
import { createMemoryResponseStore } from './create-memory-response-store';

describeResponseStoreContract({
  name: 'in-memory',
  createHarness: async () => {
    const clock = createManualClock();
    const limits = { maxEntries: 3, maxAgeMs: 60_000 };
    return { store: createMemoryResponseStore({ clock, ...limits }), ...limits, advance: (ms) => clock.advance(ms), close: async () => undefined };
  },
});

describe('describeResponseStoreContract guards', () => {
  const harness = async () => {
    throw new Error('not started: the guards fail first');
  };

  it('refuses a skip for a case that does not exist, and a skip without a reason', () => {
    expect(() => describeResponseStoreContract({ name: 'typo', createHarness: harness, skip: { 'no such case': 'because' } })).toThrow(/unknown case/);
    const [firstCase] = responseStoreContractCaseNames;
    expect(() => describeResponseStoreContract({ name: 'blank', createHarness: harness, skip: { [firstCase as string]: ' ' } })).toThrow(/needs a reason/);
  });
});

describe('createMemoryResponseStore', () => {
  it('keeps at least one entry and treats a zero age as "expires at once"', async () => {
    const clock = createManualClock();
    const store = createMemoryResponseStore({ clock, maxEntries: 0, maxAgeMs: 0 });
    await store.put({ id: 'resp_a', response: {}, items: [], storedAt: clock.now() });
    expect(await store.get('resp_a')).toBeUndefined();
    const kept = createMemoryResponseStore({ clock, maxEntries: 0, maxAgeMs: 1_000 });
    await kept.put({ id: 'resp_b', response: {}, items: [], storedAt: clock.now() });
    expect(await kept.get('resp_b')).toBeDefined();
  });
});
