import { describeUpstreamClientContract } from '@asksage-proxy/core/testing';
import type { ContractFault } from '@asksage-proxy/core/testing';
import { startAskSageSimulator } from '@asksage-proxy/asksage-simulator';
import type { SimulatorFault } from '@asksage-proxy/asksage-simulator';
import { createAskSageUpstreamClient } from './create-asksage-upstream-client';

const validKey = 'contract-valid-key-0000000000000000000000000000000000000000000000';

/** The contract's fault vocabulary in the simulator's terms, aimed at the next /query only. */
function toSimulatorFault(fault: ContractFault): SimulatorFault {
  const match = { path: '/server/query' };
  if (fault.kind === 'http') return { kind: 'http', status: fault.status, ...(fault.retryAfter ? { headers: { 'retry-after': fault.retryAfter } } : {}), match };
  return { ...fault, match };
}

/** Polls briefly (the simulator records a request before it stalls it); gives up quietly so the case decides. */
async function waitFor(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 200 && !condition(); attempt += 1) await new Promise((resolve) => setTimeout(resolve, 10));
}

describeUpstreamClientContract({
  name: 'AskSage adapter against the simulator',
  createHarness: async () => {
    const simulator = await startAskSageSimulator({ keys: [{ key: validKey }], models: ['gpt-4o-mini', 'gpt-4o'] });
    const client = createAskSageUpstreamClient({ serverBaseUrl: simulator.serverBaseUrl });
    let requestsBefore = 0;
    return {
      client,
      validKey,
      invalidKey: 'contract-invalid-key',
      model: 'gpt-4o-mini',
      inject: (fault) => {
        requestsBefore = simulator.requests().length;
        simulator.injectFault(toSimulatorFault(fault));
      },
      createAbortController: () => new AbortController(),
      waitForUpstreamCall: () => waitFor(() => simulator.requests().length > requestsBefore),
      receivedFiles: async () => {
        const last = simulator.requests().filter((request) => request.path === '/server/query').at(-1);
        // The form fields must have arrived as AskSage's typed fields too, not just the files.
        if (last !== undefined && last.bodyType === 'multipart' && (last.body as { model?: unknown }).model !== 'gpt-4o-mini') throw new Error('the multipart form lost the model field');
        return (last?.files ?? []).map(({ filename, mimeType, size, sha256 }) => ({ filename, mimeType, size, sha256 }));
      },
      close: async () => {
        client.close();
        await simulator.close();
      },
    };
  },
});
