import { createAskSageUpstreamClient } from '@asksage-proxy/adapter-asksage';
import { createHttpApp, isLoopbackName } from '@asksage-proxy/adapter-http';
import type { HttpOperations } from '@asksage-proxy/adapter-http';
import { buildStatusReport, createGateway, createKeyPool, createModelCatalog, createMonthlyUsageReader } from '@asksage-proxy/core';
import type { Clock, Gateway, IdGenerator, KeyHealthStore, Logger, ProxyObserver, RandomSource, TokenCounter, UsageLedger } from '@asksage-proxy/core';
import type { RequestListener } from 'node:http';
import { describeSetting } from '../config/describe-setting';
import type { ResolvedConfig } from '../config/resolved-config';
import { loadModelCatalog } from '../models/index';
import { createLatestVersionLookup } from './create-latest-version-lookup';

/** What outlives a reload: the process's ports, its observers and the key health. */
export interface SharedRuntimeParts {
  logger: Logger;
  clock: Clock;
  random: RandomSource;
  ids: IdGenerator;
  tokenCounter: TokenCounter;
  /** Every subscriber (log lines, usage ledger, Prometheus), combined. */
  observer: ProxyObserver;
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
export interface ProxyRuntime {
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
 * Builds everything that depends on the configuration and the model list: AskSage adapter, key pool (over the
 * shared health store), model catalog (zero upstream calls), gateway and Express app with its metrics and status
 * views. Throws `ConfigError` for a broken models_file, like at startup.
 */
export async function createProxyRuntime(config: ResolvedConfig, caCertificate: string | undefined, shared: SharedRuntimeParts): Promise<ProxyRuntime> {
  const { clock, logger, ids, observer } = shared;
  const loaded = await loadModelCatalog({
    modelsFile: config.modelsFile,
    modelsFileSetting: describeSetting(config, 'models_file'),
    cacheFile: shared.cacheFile,
    keyNames: config.apiKeys.map((entry) => entry.name),
    logger,
    now: clock.now(),
  });
  // Entries without `created` report the proxy's start time (docs/models.md).
  const catalog = createModelCatalog(loaded.entries, { defaultCreated: Math.floor(clock.now() / 1000) });
  const upstream = createAskSageUpstreamClient({
    serverBaseUrl: config.serverBaseUrl,
    userBaseUrl: config.userBaseUrl,
    caCertificate,
    connectTimeoutMs: config.connectTimeoutSeconds * 1000,
    timeoutMs: config.timeoutSeconds * 1000,
  });
  const keyPool = createKeyPool({ keys: config.apiKeys, clock, observer, healthStore: shared.healthStore });
  const gateway = createGateway({
    upstream, keyPool, catalog, clock, random: shared.random, ids, logger, tokenCounter: shared.tokenCounter, observer,
    options: { maxAttempts: config.maxAttempts },
  });
  const monthly = createMonthlyUsageReader({ upstream, keys: config.apiKeys, clock });
  const app = createHttpApp({
    gateway, logger, ids,
    services: { ids, clock, tokenCounter: shared.tokenCounter },
    version: { name: 'asksage-proxy', current: shared.version, latest: createLatestVersionLookup() },
    operations: {
      ...(config.metrics && shared.metrics !== undefined ? { metrics: shared.metrics } : {}),
      status: async ({ monthToDate }) =>
        buildStatusReport({ health: gateway.health(), usage: shared.ledger.snapshot(), monthly: monthToDate ? await monthly.read() : undefined, now: clock.now() }),
    },
    options: {
      proxyApiKeys: config.proxyApiKeys,
      corsOrigins: config.corsOrigins,
      // Bound to loopback (or a Unix socket), only loopback Host names are served: a DNS-rebinding page cannot reach the proxy.
      allowedHosts: config.socket !== undefined || isLoopbackName(config.host) ? 'loopback' : 'any',
      heartbeatIntervalMs: config.heartbeatSeconds * 1000,
      maxBodyBytes: Math.round(config.maxBodyMb * 1024 * 1024),
    },
  });
  return {
    config,
    gateway,
    app,
    modelIds: new Set(catalog.entries().map((entry) => entry.id)),
    unavailableModelCount: loaded.entries.filter((entry) => entry.keys !== undefined && entry.keys.length === 0).length,
    modelSource: loaded.source,
    close: () => upstream.close(),
  };
}
