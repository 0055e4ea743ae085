import { createFakePassthroughClient } from './fake-passthrough-client';
import { describePassthroughClientContract, passthroughContractCaseNames } from './describe-passthrough-client-contract';

describePassthroughClientContract({
  name: 'in-memory fake',
  createHarness: async () => {
    const client = createFakePassthroughClient({ validKeys: ['fake-valid-key-0123456789'], models: ['gpt-4o-mini'] });
    return {
      client,
      validKey: 'fake-valid-key-0123456789',
      invalidKey: 'fake-invalid-key',
      model: 'gpt-4o-mini',
      inject: (fault) => client.enqueue({ kind: 'fault', fault }),
      createAbortController: () => new AbortController(),
      close: async () => {
        if (client.openCalls() !== 0) throw new Error(`the fake still has ${client.openCalls()} call(s) in flight`);
      },
    };
  },
});

describe('describePassthroughClientContract guards', () => {
  const harness = async () => {
    throw new Error('not started: the guards fail first');
  };

  it('refuses a skip for a case that does not exist, and a skip without a reason', () => {
    expect(() => describePassthroughClientContract({ name: 'typo', createHarness: harness, skip: { 'no such case': 'because' } })).toThrow(/unknown case/);
    const [firstCase] = passthroughContractCaseNames;
    expect(() => describePassthroughClientContract({ name: 'blank', createHarness: harness, skip: { [firstCase as string]: ' ' } })).toThrow(/needs a reason/);
  });
});
