import { combineObservers } from '../ports/proxy-observer';
import { createInstantClock } from '../testing/instant-clock';
import { createManualClock } from '../testing/manual-clock';
import { describeProxyObserverContract } from '../testing/describe-proxy-observer-contract';
import { describeUsageCounterContract } from '../testing/describe-usage-counter-contract';
import { createUsageLedger } from './create-usage-ledger';

// The usage ledger behind /status.json and the status page.
describeProxyObserverContract({
  name: 'usage ledger',
  createHarness: async () => {
    const ledger = createUsageLedger({ clock: createInstantClock(Date.UTC(2026, 0, 1)) });
    return { observer: combineObservers(ledger), exposed: async () => JSON.stringify(ledger.snapshot()), close: async () => undefined };
  },
});

// The in-memory UsageCounter (the default without redis_url): one process, so its "peer" is itself.
describeUsageCounterContract({
  name: 'usage ledger (in memory)',
  createHarness: async () => {
    const clock = createManualClock(Date.UTC(2026, 0, 1, 12, 0, 30));
    const ledger = createUsageLedger({ clock });
    return { counter: ledger, peer: ledger, now: () => clock.now(), advance: (ms) => clock.advance(ms), settle: async () => undefined, close: async () => undefined };
  },
});
