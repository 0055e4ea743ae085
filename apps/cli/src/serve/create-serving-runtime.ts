import { createMonthlyUsageReader } from '@asksage-proxy/core';
import type { Gateway, KeyHealthStore, Logger, ProxyObserver, UsageLedger } from '@asksage-proxy/core';
import type { HttpOperations } from '@asksage-proxy/adapter-http';
import type { RequestListener } from 'node:http';
import type { ResolvedConfig } from '../config/resolved-config';
import { createProxyRuntime } from '../runtime/create-proxy-runtime';
import { createSystemClock } from '@asksage-proxy/runtime-node';
import { createStatusReader } from './create-status-reader';

/** What outlives a reload: the logger, the observers and the key health. */
export interface SharedRuntimeParts {
  logger: Logger;
  /** Usage ledger and Prometheus (the key-state log lines are added by each runtime). */
  observers: Partial<ProxyObserver>[];
  /** Counts for the status page, kept across reloads. */
  ledger: UsageLedger;
  /** Key health, kept across reloads: a key that keeps its name keeps its outage or circuit. */
  healthStore: KeyHealthStore;
  /** The Prometheus exposition, when `metrics` is on. */
  metrics?: HttpOperations['metrics'];
  /** The CLI version. */
  version: string;
  /** The validated model cache. */
  cacheFile: string;
}

/** One generation of settings: built at startup and again by each accepted reload. */
export interface ServingRuntime {
  config: ResolvedConfig;
  gateway: Gateway;
  /** The Express app, for the server's request listener. */
  app: RequestListener;
  /** The served model ids (the catalog), for metric labels and the banner. */
  modelIds: ReadonlySet<string>;
  /** Models the validated cache kept with no entitled key. */
  unavailableModelCount: number;
  /** Where the model list came from, for the banner. */
  modelSource: string;
  /** Closes the upstream connection pools; call once no request uses this runtime any more. */
  close(): void;
}

/**
 * `createProxyRuntime` with what serving adds: the shared observers and key health, and the metrics and status views
 * (`/status.json`: `createStatusReader`). Throws `ConfigError` for a broken models_file, like at startup.
 */
export async function createServingRuntime(config: ResolvedConfig, caCertificate: string | undefined, shared: SharedRuntimeParts): Promise<ServingRuntime> {
  const clock = createSystemClock();
  const runtime = await createProxyRuntime({
    config, logger: shared.logger, version: shared.version, cacheFile: shared.cacheFile,
    ...(caCertificate === undefined ? {} : { caCertificate }),
    observers: shared.observers,
    healthStore: shared.healthStore,
    operations: ({ gateway, upstream, sharedUsage }) => {
      const monthly = createMonthlyUsageReader({ upstream, keys: config.apiKeys, clock });
      return {
        ...(config.metrics && shared.metrics !== undefined ? { metrics: shared.metrics } : {}),
        status: createStatusReader({ gateway, ledger: shared.ledger, monthly, clock, ...(sharedUsage === undefined ? {} : { sharedUsage }) }),
      };
    },
  });
  const entries = runtime.models.entries;
  return {
    config,
    gateway: runtime.gateway,
    app: runtime.app,
    modelIds: new Set(runtime.catalog.entries().map((entry) => entry.id)),
    unavailableModelCount: entries.filter((entry) => entry.keys !== undefined && entry.keys.length === 0).length,
    modelSource: runtime.models.source,
    close: runtime.close,
  };
}
