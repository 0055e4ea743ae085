import { describePassthroughClientContract } from '@asksage-proxy/core/testing';
import type { PassthroughContractFault } from '@asksage-proxy/core/testing';
import { startAskSageSimulator } from '@asksage-proxy/asksage-simulator';
import type { SimulatorFault } from '@asksage-proxy/asksage-simulator';
import { createAskSagePassthroughClient } from './create-asksage-passthrough-client';

const validKey = 'passthrough-valid-key-000000000000000000000000000000000000000000';

/** The contract's faults in the simulator's terms, aimed at the next surface call. */
function toSimulatorFault(fault: PassthroughContractFault): SimulatorFault {
  if (fault.kind === 'http') return { kind: 'http', status: fault.status, ...(fault.retryAfter ? { retryAfter: fault.retryAfter } : {}) };
  return { kind: fault.kind };
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 200 && !condition(); attempt += 1) await new Promise((resolve) => setTimeout(resolve, 10));
}

describePassthroughClientContract({
  name: 'AskSage passthrough adapter against the simulator',
  createHarness: async () => {
    const simulator = await startAskSageSimulator({ keys: [{ key: validKey }], models: ['gpt-4o-mini'] });
    const client = createAskSagePassthroughClient({ serverBaseUrl: simulator.serverBaseUrl });
    let requestsBefore = 0;
    return {
      client,
      validKey,
      invalidKey: 'passthrough-invalid-key',
      model: 'gpt-4o-mini',
      inject: (fault) => {
        requestsBefore = simulator.requests().length;
        simulator.injectFault(toSimulatorFault(fault));
      },
      createAbortController: () => new AbortController(),
      waitForUpstreamCall: () => waitFor(() => simulator.requests().length > requestsBefore),
      close: async () => {
        client.close();
        await simulator.close();
      },
    };
  },
});
