import { describeProxyObserverContract } from '@asksage-proxy/core/testing';
import { createPrometheusMetrics } from './create-prometheus-metrics';

// The metrics observer: unknown model names must collapse into `other`, so a client's text never reaches a label.
describeProxyObserverContract({
  name: 'Prometheus metrics',
  createHarness: async () => {
    const metrics = createPrometheusMetrics({ knownModels: () => new Set(['gpt-4o']), keyStatuses: () => [], collectDefaultMetrics: false });
    return { observer: metrics.observer, exposed: async () => (await metrics.expose()).body, close: async () => undefined };
  },
});
