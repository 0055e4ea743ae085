import type { KeyStatus } from '@asksage-proxy/core';
import type { Registry } from 'prom-client';

/** Settings of `createPrometheusMetrics`, from the composition root. */
export interface PrometheusMetricsSettings {
  /** The model ids served now (the catalog's); any other model name is labelled `other`. Read per event. */
  knownModels: () => ReadonlySet<string>;
  /** The keys now, by name with state and weight (the pool's snapshot); read at each scrape. */
  keyStatuses: () => readonly KeyStatus[];
  /** Registry to register in; default a fresh one (tests and several instances must not share prom-client's global). */
  registry?: Registry;
  /** Also collect Node's default process metrics (CPU, memory, event loop lag, GC). Default true. */
  collectDefaultMetrics?: boolean;
}
