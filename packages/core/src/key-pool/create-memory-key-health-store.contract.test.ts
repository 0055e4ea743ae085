import { describeKeyHealthStoreContract, keyHealthStoreContractCaseNames } from '../testing/describe-key-health-store-contract';
import { createMemoryKeyHealthStore } from './create-memory-key-health-store';

describeKeyHealthStoreContract({
  name: 'in-memory store',
  createHarness: async () => {
    // Not shared between processes: two pools in one process share the one instance, so it is its own peer.
    const store = createMemoryKeyHealthStore();
    return { store, peer: store, settle: async () => undefined, close: async () => undefined };
  },
});

describe('describeKeyHealthStoreContract guards', () => {
  const harness = async () => {
    throw new Error('not started: the guards fail first');
  };

  it('refuses a skip for a case that does not exist, and a skip without a reason', () => {
    expect(() => describeKeyHealthStoreContract({ name: 'typo', createHarness: harness, skip: { 'no such case': 'because' } })).toThrow(/unknown case/);
    const [firstCase] = keyHealthStoreContractCaseNames;
    expect(() => describeKeyHealthStoreContract({ name: 'blank', createHarness: harness, skip: { [firstCase as string]: '' } })).toThrow(/needs a reason/);
  });
});
