import { createHash } from 'node:crypto';
import { createFakeUpstreamClient } from './fake-upstream-client';
import { describeUpstreamClientContract, upstreamContractCaseNames } from './describe-upstream-client-contract';

describeUpstreamClientContract({
  name: 'in-memory fake',
  createHarness: async () => {
    const client = createFakeUpstreamClient({ validKeys: ['fake-valid-key-0123456789'], models: ['gpt-4o-mini', 'gpt-4o'] });
    return {
      client,
      validKey: 'fake-valid-key-0123456789',
      invalidKey: 'fake-invalid-key',
      model: 'gpt-4o-mini',
      inject: (fault) => client.enqueue({ kind: 'fault', fault }),
      createAbortController: () => new AbortController(),
      receivedFiles: async () =>
        (client.queries().at(-1)?.files ?? []).map((file) => ({ filename: file.name, mimeType: file.mediaType, size: file.bytes.length, sha256: createHash('sha256').update(file.bytes).digest('hex') })),
      close: async () => {
        if (client.openCalls() !== 0) throw new Error(`the fake still has ${client.openCalls()} call(s) in flight`);
      },
    };
  },
});

describe('describeUpstreamClientContract guards', () => {
  const harness = async () => {
    throw new Error('not started: the guards fail first');
  };

  it('refuses a skip for a case that does not exist, and a skip without a reason', () => {
    expect(() => describeUpstreamClientContract({ name: 'typo', createHarness: harness, skip: { 'no such case': 'because' } })).toThrow(/unknown case/);
    const [firstCase] = upstreamContractCaseNames;
    expect(() => describeUpstreamClientContract({ name: 'blank', createHarness: harness, skip: { [firstCase as string]: '  ' } })).toThrow(/needs a reason/);
  });
});
