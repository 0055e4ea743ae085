import { combineObservers } from '../ports/proxy-observer';
import { describeProxyObserverContract } from '../testing/describe-proxy-observer-contract';
import { createRecordingLogger } from '../testing/recording-logger';
import { createKeyStateLogObserver } from './create-key-state-log-observer';

// The key-state log lines, the observer every proxy runs with.
describeProxyObserverContract({
  name: 'key-state log lines',
  createHarness: async () => {
    const { logger, calls } = createRecordingLogger();
    return { observer: combineObservers(createKeyStateLogObserver(logger)), exposed: async () => JSON.stringify(calls), close: async () => undefined };
  },
});
