import { combineObservers } from '../ports/proxy-observer';
import { createInstantClock } from '../testing/instant-clock';
import { describeProxyObserverContract } from '../testing/describe-proxy-observer-contract';
import { createUsageLedger } from './create-usage-ledger';

// The usage ledger behind /status.json and the status page.
describeProxyObserverContract({
  name: 'usage ledger',
  createHarness: async () => {
    const ledger = createUsageLedger({ clock: createInstantClock(Date.UTC(2026, 0, 1)) });
    return { observer: combineObservers(ledger), exposed: async () => JSON.stringify(ledger.snapshot()), close: async () => undefined };
  },
});
