import { createAskSageUpstreamClient } from '@asksage-proxy/adapter-asksage';
import type { AskSageUpstreamClient } from '@asksage-proxy/adapter-asksage';
import { createAskSagePassthroughClient } from '@asksage-proxy/adapter-asksage-passthrough';
import { createHttpApp, isLoopbackName } from '@asksage-proxy/adapter-http';
import { createNodeImageFetcher } from '@asksage-proxy/adapter-image-fetch';
import type { HttpOperations, RouteSpec } from '@asksage-proxy/adapter-http';
import { checkApiKey, combineObservers, createGateway, createKeyPool, createKeyStateLogObserver, createMemoryResponseStore, createModelCatalog, createPassthroughGateway } from '@asksage-proxy/core';
import type { Gateway, KeyHealthStore, KeyPool, Logger, ModelCatalog, ProxyObserver, UpstreamClient } from '@asksage-proxy/core';
import { describeSetting } from '../config/describe-setting';
import type { ResolvedConfig } from '../config/resolved-config';
import { loadModelCatalog } from '../models/index';
import type { LoadedModelCatalog } from '../models/load-model-catalog';
import { createSharedState } from './create-shared-state';
import type { SharedState } from './create-shared-state';
import { createCryptoIdGenerator, createGptTokenCounter, createMathRandomSource, createSystemClock } from '@asksage-proxy/runtime-node';

/** Inputs of `createProxyRuntime`. */
export interface ProxyRuntimeOptions {
  /** Resolved configuration with at least one key. */
  config: ResolvedConfig;
  /** PEM CA bundle read from cert_path, if any. */
  caCertificate?: string;
  /** Where the proxy logs (keys redacted by the logger adapter). */
  logger: Logger;
  /** Reported by `GET /` and `/version`. */
  version: string;
  /** The validated model cache to load (zero upstream calls at start). */
  cacheFile: string;
  /** More observers (metrics), beside the key-state log lines. */
  observers?: Partial<ProxyObserver>[];
  /** More route rows, after the standard ones. */
  routes?: readonly RouteSpec[];
  /**
   * Looks up the newest published version for `/version`. Default: none, because this package is not published to a
   * registry (it ships as a tarball), and the registry's `asksage-proxy` could be someone else's; nothing is waited on.
   */
  latestVersion?: () => Promise<string | undefined>;
  /** Key health to share (a reload keeps a key's outage and circuit); default a fresh in-memory store. */
  healthStore?: KeyHealthStore;
  /**
   * The metrics and status views of `GET /metrics`, `/status`, `/status.json`, built over this runtime's parts;
   * `sharedUsage` is the usage counter all replicas add to (with `redis_url`).
   */
  operations?: (wired: { gateway: Gateway; upstream: UpstreamClient; sharedUsage?: SharedState['usage'] }) => HttpOperations;
}

/** A wired proxy that is not listening yet: hand `app` to any HTTP server. */
export interface ProxyRuntime {
  /** The Express app (a request listener). */
  app: ReturnType<typeof createHttpApp>;
  gateway: Gateway;
  keyPool: KeyPool;
  catalog: ModelCatalog;
  /** Where the model list came from, for the banner. */
  models: LoadedModelCatalog;
  /** The one observer the pool and the gateway report to. */
  observer: ProxyObserver;
  /** Closes the upstream connection pools. The app itself holds no resources. */
  close(): void;
}

/**
 * Wires the whole proxy from a resolved config: the AskSage adapter, the key pool, the model catalog (from the
 * validated cache, without upstream calls), the gateway and the HTTP app. Used by `serve`, by tests and by embedders
 * who run the proxy inside their own server: `http.createServer((await createProxyRuntime(options)).app)`.
 */
export async function createProxyRuntime(options: ProxyRuntimeOptions): Promise<ProxyRuntime> {
  const { config, logger } = options;
  const clock = createSystemClock();
  const random = createMathRandomSource();
  const ids = createCryptoIdGenerator();
  const models = await loadModelCatalog({
    modelsFile: config.modelsFile,
    modelsFileSetting: describeSetting(config, 'models_file'),
    cacheFile: options.cacheFile,
    keyNames: config.apiKeys.map((entry) => entry.name),
    logger,
    now: clock.now(),
  });
  // Entries without `created` report the proxy's start time (docs/models.md).
  const catalog = createModelCatalog(models.entries, { defaultCreated: Math.floor(clock.now() / 1000) });
  const upstream: AskSageUpstreamClient = createAskSageUpstreamClient({
    serverBaseUrl: config.serverBaseUrl,
    userBaseUrl: config.userBaseUrl,
    caCertificate: options.caCertificate,
    connectTimeoutMs: config.connectTimeoutSeconds * 1000,
    timeoutMs: config.timeoutSeconds * 1000,
  });
  // redis_url: replicas share key health (and counters); without it nothing is created and the pool stays in memory.
  const shared = createSharedState({ redisUrl: config.redisUrl, logger, clock, ids, ...(options.caCertificate === undefined ? {} : { caCertificate: options.caCertificate }) });
  // One observer for the pool and the gateway: today's key-state log lines are its first subscriber.
  const observer = combineObservers(createKeyStateLogObserver(logger), ...shared.observers, ...(options.observers ?? []));
  // Redis' store when shared (a reload reconnects and reloads it from Redis); else the store the caller keeps across
  // reloads, or the pool's fresh in-memory one.
  const healthStore = shared.healthStore ?? options.healthStore;
  const keyPool = createKeyPool({
    keys: config.apiKeys, clock, observer,
    // A rejected key is rechecked with a free authenticated call, never a billed one (docs/load-balancing.md).
    invalidKeyRecheck: {
      // Bounded well below the probe lease, whatever timeout_seconds allows a long generation.
      check: (apiKey) => checkApiKey(upstream, apiKey, AbortSignal.timeout(Math.min(config.timeoutSeconds, 30) * 1000)),
      firstDelayMs: config.invalidKeyRecheckSeconds * 1000,
      maxDelayMs: config.invalidKeyRecheckMaxSeconds * 1000,
    },
    ...(healthStore === undefined ? {} : { healthStore }),
    ...(shared.replicaId === undefined ? {} : { replicaId: shared.replicaId }),
  });
  const tokenCounter = createGptTokenCounter();
  // Images by URL are fetched under the request-forgery guard, trusting the public CAs plus cert_path's bundle (a
  // lab's image host is usually signed by the lab CA AskSage's is); docs/images.md. One fetcher for both modes.
  const imageFetcher = createNodeImageFetcher({
    allowPrivateAddresses: config.allowPrivateImageUrls,
    ...(options.caCertificate === undefined ? {} : { caCertificate: options.caCertificate }),
  });
  const pooledGateway = createGateway({
    upstream, keyPool, catalog, clock, random, ids, logger, tokenCounter, observer, imageFetcher,
    options: { maxAttempts: config.maxAttempts, nativeStreaming: config.nativeStreaming, maxImageBytes: config.maxImageBytes, maxDocumentBytes: config.maxDocumentBytes },
  });
  // /health shows whether the shared state is reachable (a degraded Redis never fails a request, so the status stays).
  const gateway: Gateway = config.redisUrl === undefined ? pooledGateway : { ...pooledGateway, health: () => ({ ...pooledGateway.health(), redis: shared.status() }) };
  // Responses API state (docs/responses-api.md): bounded in count and age; with redis_url shared by the replicas
  // (Redis, TTL = the age limit), this process's memory serving while Redis is away.
  const responseLimits = { maxEntries: config.responseStoreMaxEntries, maxAgeMs: config.responseStoreMaxAgeSeconds * 1000 };
  const responseStore = shared.responseStore(createMemoryResponseStore({ clock, ...responseLimits }), responseLimits);
  // Passthrough mode: AskSage's own compatibility surfaces, behind the same pool, catalog and observer.
  const passthroughClient =
    config.upstreamApi === 'passthrough'
      ? createAskSagePassthroughClient({
          serverBaseUrl: config.serverBaseUrl,
          caCertificate: options.caCertificate,
          connectTimeoutMs: config.connectTimeoutSeconds * 1000,
          timeoutMs: config.timeoutSeconds * 1000,
        })
      : undefined;
  const passthrough =
    passthroughClient === undefined
      ? undefined
      : createPassthroughGateway({
          passthrough: passthroughClient, keyPool, catalog, clock, random, logger, observer, imageFetcher,
          options: { maxAttempts: config.maxAttempts, maxImageBytes: config.maxImageBytes, maxDocumentBytes: config.maxDocumentBytes, imageUrls: config.passthroughImageUrls },
        });
  const app = createHttpApp({
    gateway,
    ...(passthrough === undefined ? {} : { passthrough }),
    observer,
    logger,
    ids,
    services: { ids, clock, tokenCounter, responseStore },
    version: options.latestVersion === undefined
      ? { name: 'asksage-proxy', current: options.version, note: 'This build is not published to a package registry: new versions come as a tarball (pnpm run package from the repository).' }
      : { name: 'asksage-proxy', current: options.version, latest: options.latestVersion },
    ...(options.routes === undefined ? {} : { routes: options.routes }),
    ...(options.operations === undefined ? {} : { operations: options.operations({ gateway, upstream, ...(shared.usage === undefined ? {} : { sharedUsage: shared.usage }) }) }),
    options: {
      proxyApiKeys: config.proxyApiKeys,
      corsOrigins: config.corsOrigins,
      // Bound to loopback, only loopback Host names are served: a DNS-rebinding page cannot reach the proxy.
      // A Unix socket is this machine's too (curl and the SDKs send Host: localhost through it).
      allowedHosts: config.socket !== undefined || isLoopbackName(config.host) ? 'loopback' : 'any',
      heartbeatIntervalMs: config.heartbeatSeconds * 1000,
      maxBodyBytes: Math.round(config.maxBodyMb * 1024 * 1024),
      upstreamApi: config.upstreamApi,
    },
  });
  return {
    app, gateway, keyPool, catalog, models, observer,
    close: () => {
      upstream.close();
      passthroughClient?.close();
      void shared.close();
    },
  };
}
