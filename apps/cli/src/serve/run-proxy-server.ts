import { createPrometheusMetrics } from '@asksage-proxy/adapter-prometheus';
import { createMemoryKeyHealthStore, createUsageLedger } from '@asksage-proxy/core';
import type { Clock, KeyStatus, ProxyObserver } from '@asksage-proxy/core';
import type { RequestListener } from 'node:http';
import type { CliIo } from '../cli-io';
import type { ResolvedConfig } from '../config/resolved-config';
import type { ClosableLogger } from '@asksage-proxy/runtime-node';
import { createSystemClock } from '@asksage-proxy/runtime-node';
import { readRedisStatus, registerRedisMetrics } from '../runtime/register-redis-metrics';
import { createServingRuntime } from './create-serving-runtime';
import type { SharedRuntimeParts } from './create-serving-runtime';
import { createRuntimeSwitch } from './create-runtime-switch';
import type { RuntimeSwitch } from './create-runtime-switch';
import { formatExposedWarning, formatStartupBanner } from './format-startup-banner';
import { describeListenFailure } from './describe-listen-failure';
import { formatClientUrl, isAllInterfacesHost } from './format-client-url';
import { createExpressMessageClasses, isLoopbackName } from '@asksage-proxy/adapter-http';
import type { ExpressMessageClasses } from '@asksage-proxy/adapter-http';
import { listenHttpServer } from './listen-http-server';
import type { ListeningServer } from './listen-http-server';
import { describeSocketListenFailure } from './listen-unix-socket';
import { pidFilePath, removePidFile, writePidFile } from './pid-file';
import { reloadProxyRuntime } from './reload-proxy-runtime';
import type { ReloadedConfig } from './reload-proxy-runtime';

/** Inputs of `runProxyServer`. */
export interface RunProxyServerOptions {
  /** Resolved configuration with at least one key. */
  config: ResolvedConfig;
  /** PEM CA bundle read from cert_path, if any. */
  caCertificate?: string;
  /** Process streams, signals. */
  io: CliIo;
  /** The logger (keys redacted). */
  logger: ClosableLogger;
  /** The CLI version. */
  version: string;
  /** The validated model cache to load. */
  cacheFile: string;
  /** Port to try when `config.port` is taken (demo mode's friendly default falls back to a free port). */
  fallbackPort?: number;
  /** Replaces the standard banner (demo mode); receives the URL and the model ids. */
  banner?: (url: string, modelIds: readonly string[]) => string;
  /** Human description of where the settings came from, for the banner. */
  configSource: string;
  /** Called after the server stopped (demo mode closes its simulator). */
  onStopped?: () => Promise<void>;
  /**
   * Re-reads the configuration for SIGHUP (same search, same checks as at startup; throws `ConfigError`). Absent:
   * SIGHUP is not handled (demo mode).
   */
  reloadConfig?: () => ReloadedConfig;
  /** Writes the pid file `asksage-proxy --reload` reads; default true when `reloadConfig` is given. */
  writePidFile?: boolean;
}

async function listenWithFallback(handler: RequestListener, options: RunProxyServerOptions, messageClasses: ExpressMessageClasses | undefined): Promise<ListeningServer> {
  const { config } = options;
  try {
    return await listenHttpServer(handler, { host: config.host, port: config.port, socket: config.socket, messageClasses });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || options.fallbackPort === undefined || config.socket !== undefined) throw error;
    return listenHttpServer(handler, { host: config.host, port: options.fallbackPort, messageClasses });
  }
}

function waitForSignal(io: CliIo, onSecond: () => void): Promise<string> {
  return new Promise((resolve) => {
    let received = false;
    io.onShutdownSignal((signal) => {
      if (received) onSecond();
      received = true;
      resolve(signal);
    });
  });
}

/** The status page's ledger and (when on) Prometheus: subscribers that outlive reloads (each runtime adds its log lines). */
function createObservers(config: ResolvedConfig, clock: Clock, current: () => { modelIds: ReadonlySet<string>; keyStatuses: () => KeyStatus[] }) {
  const ledger = createUsageLedger({ clock });
  const prometheus = config.metrics
    ? createPrometheusMetrics({ knownModels: () => current().modelIds, keyStatuses: () => current().keyStatuses() })
    : undefined;
  const subscribers: Partial<ProxyObserver>[] = [ledger];
  if (prometheus !== undefined) subscribers.push(prometheus.observer);
  return { ledger, prometheus, subscribers };
}

/**
 * Serves the proxy. Builds the parts that live as long as the process (usage ledger, Prometheus, key health) and one
 * runtime from the configuration with `createProxyRuntime` (AskSage adapter, key pool, model catalog, gateway,
 * Express app), listens on TCP or a Unix socket, prints the banner, then serves. SIGHUP builds a new runtime from the
 * re-read configuration and switches new requests to it (in-flight ones finish on the old one); SIGINT/SIGTERM stop
 * accepting, let in-flight requests finish for `shutdown_grace_seconds`, close the rest and the upstream agents, and
 * resolve with the exit code.
 */
export async function runProxyServer(options: RunProxyServerOptions): Promise<number> {
  const { config, io, logger } = options;
  const clock = createSystemClock();
  // Filled once the first runtime exists; the observers read it lazily.
  const serving: { runtimes?: RuntimeSwitch } = {};
  // Prometheus reads labels and key gauges from whichever runtime serves now.
  const observers = createObservers(config, clock, () => ({
    modelIds: serving.runtimes?.current().modelIds ?? new Set<string>(),
    keyStatuses: () => serving.runtimes?.current().gateway.health().keys ?? [],
  }));
  // redis_url: whether the shared state is reachable, from the serving runtime's health (docs/scaling.md).
  if (observers.prometheus !== undefined && config.redisUrl !== undefined) {
    registerRedisMetrics(observers.prometheus.registry, () => readRedisStatus(serving.runtimes?.current().gateway.health()));
  }
  const shared: SharedRuntimeParts = {
    logger,
    observers: observers.subscribers,
    ledger: observers.ledger,
    healthStore: createMemoryKeyHealthStore(),
    metrics: observers.prometheus?.expose,
    version: options.version,
    cacheFile: options.cacheFile,
  };
  const first = await createServingRuntime(config, options.caCertificate, shared);
  const runtimes = createRuntimeSwitch(first);
  serving.runtimes = runtimes;
  let listening: ListeningServer;
  try {
    // Requests are born with the serving app's prototypes (see createExpressMessageClasses).
    listening = await listenWithFallback(runtimes.handler, options, createExpressMessageClasses(() => runtimes.current().app));
  } catch (error) {
    first.close();
    await options.onStopped?.();
    const failure = error as NodeJS.ErrnoException;
    io.stderr.write(`asksage-proxy: ${config.socket !== undefined ? describeSocketListenFailure(config.socket, failure) : describeListenFailure(config.host, config.port, failure)}\n`);
    return 1;
  }
  // Through a Unix socket, clients still speak HTTP to a name: curl and the SDKs send Host: localhost.
  const url = config.socket !== undefined ? 'http://localhost' : formatClientUrl(config.host, listening.port);
  const modelIds = [...first.modelIds];
  const usableCount = modelIds.length - first.unavailableModelCount;
  io.stdout.write(
    options.banner?.(url, modelIds) ??
      formatStartupBanner({
        title: `asksage-proxy ${options.version}`,
        url,
        allInterfaces: config.socket === undefined && isAllInterfacesHost(config.host),
        keys: config.apiKeys,
        modelCount: usableCount,
        unavailableModelCount: first.unavailableModelCount,
        modelSource: first.modelSource,
        configSource: options.configSource,
        upstream: config.serverBaseUrl,
        nativeStreaming: config.nativeStreaming,
        upstreamApi: config.upstreamApi,
        inboundAuthentication: config.proxyApiKeys.length > 0,
        ...(config.socket !== undefined ? { socket: config.socket } : {}),
      }),
  );
  if (config.socket === undefined && !isLoopbackName(config.host) && config.proxyApiKeys.length === 0) {
    io.stderr.write(formatExposedWarning(config.host));
    logger.warn('Listening on a non-loopback address without proxy_api_keys: anyone who can reach this port can spend your AskSage keys.', { host: config.host });
  }
  logger.info('Listening', {
    ...(config.socket !== undefined ? { socket: config.socket } : { url, host: config.host }),
    keys: config.apiKeys.map((entry) => entry.name), models: usableCount,
    ...(first.unavailableModelCount > 0 ? { modelsNotAvailableToYourKeys: first.unavailableModelCount } : {}),
  });
  const pidFile = options.reloadConfig !== undefined && options.writePidFile !== false ? pidFilePath(config.file, io.home) : undefined;
  if (pidFile !== undefined && !writePidFile(pidFile, process.pid)) logger.warn('Could not write the pid file; reload with kill -HUP instead of --reload.', { pidFile });
  let reloading = Promise.resolve();
  const stopReloads = options.reloadConfig === undefined ? undefined : io.onReloadSignal?.(() => {
    // One reload at a time, in order: a second SIGHUP during a reload re-reads once more afterwards.
    reloading = reloading.then(async () => {
      await reloadProxyRuntime({ runtimes, shared, logger, reloadConfig: options.reloadConfig! });
    });
  });
  io.onListening?.(config.socket !== undefined ? `unix:${config.socket}` : url);
  const signal = await waitForSignal(io, () => {
    logger.warn('Second signal: closing open connections now.');
    listening.destroyConnections();
  });
  stopReloads?.();
  logger.info(`Received ${signal}: finishing in-flight requests (up to ${config.shutdownGraceSeconds} s).`);
  const clean = await listening.stop(config.shutdownGraceSeconds * 1000);
  if (!clean) logger.warn('Grace period over: closed the remaining connections.');
  await reloading;
  runtimes.closeAll();
  if (pidFile !== undefined) removePidFile(pidFile, process.pid);
  await options.onStopped?.();
  logger.info('Stopped.');
  logger.close();
  return 0;
}
