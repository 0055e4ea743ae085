import type { CliIo } from '../cli-io';
import { createProxyRuntime } from '../runtime/create-proxy-runtime';
import type { ResolvedConfig } from '../config/resolved-config';
import type { ClosableLogger } from '@asksage-proxy/runtime-node';
import { formatExposedWarning, formatStartupBanner } from './format-startup-banner';
import { describeListenFailure } from './describe-listen-failure';
import { formatClientUrl, isAllInterfacesHost } from './format-client-url';
import { isLoopbackName } from '@asksage-proxy/adapter-http';
import { listenHttpServer } from './listen-http-server';
import type { ListeningServer } from './listen-http-server';

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
}

async function listenWithFallback(handler: Parameters<typeof listenHttpServer>[0], options: RunProxyServerOptions): Promise<ListeningServer> {
  try {
    return await listenHttpServer(handler, { host: options.config.host, port: options.config.port });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || options.fallbackPort === undefined) throw error;
    return listenHttpServer(handler, { host: options.config.host, port: options.fallbackPort });
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

/**
 * Serves the proxy: wires it with `createProxyRuntime` (AskSage adapter, key pool, model catalog loaded with zero
 * upstream calls, gateway, Express app), listens. Prints the banner, then serves until SIGINT/SIGTERM, when it
 * stops accepting, lets in-flight requests finish for `shutdown_grace_seconds`, closes the rest and the upstream
 * agents, and resolves with the exit code.
 */
export async function runProxyServer(options: RunProxyServerOptions): Promise<number> {
  const { config, io, logger } = options;
  const runtime = await createProxyRuntime({
    config,
    logger,
    version: options.version,
    cacheFile: options.cacheFile,
    ...(options.caCertificate === undefined ? {} : { caCertificate: options.caCertificate }),
  });
  const { app, catalog } = runtime;
  const loaded = runtime.models;
  let listening: ListeningServer;
  try {
    listening = await listenWithFallback(app, options);
  } catch (error) {
    runtime.close();
    await options.onStopped?.();
    io.stderr.write(`asksage-proxy: ${describeListenFailure(config.host, config.port, error as NodeJS.ErrnoException)}\n`);
    return 1;
  }
  const url = formatClientUrl(config.host, listening.port);
  const modelIds = catalog.entries().map((entry) => entry.id);
  // Entries the validated cache kept with no entitled key answer 403: they are not models the user can use.
  const unavailableCount = loaded.entries.filter((entry) => entry.keys !== undefined && entry.keys.length === 0).length;
  const usableCount = modelIds.length - unavailableCount;
  io.stdout.write(
    options.banner?.(url, modelIds) ??
      formatStartupBanner({
        title: `asksage-proxy ${options.version}`,
        url,
        allInterfaces: isAllInterfacesHost(config.host),
        keys: config.apiKeys,
        modelCount: usableCount,
        unavailableModelCount: unavailableCount,
        modelSource: loaded.source,
        configSource: options.configSource,
        upstream: config.serverBaseUrl,
        nativeStreaming: config.nativeStreaming,
        upstreamApi: config.upstreamApi,
        inboundAuthentication: config.proxyApiKeys.length > 0,
      }),
  );
  if (!isLoopbackName(config.host) && config.proxyApiKeys.length === 0) {
    io.stderr.write(formatExposedWarning(config.host));
    logger.warn('Listening on a non-loopback address without proxy_api_keys: anyone who can reach this port can spend your AskSage keys.', { host: config.host });
  }
  logger.info('Listening', {
    url, host: config.host, keys: config.apiKeys.map((entry) => entry.name), models: usableCount,
    ...(unavailableCount > 0 ? { modelsNotAvailableToYourKeys: unavailableCount } : {}),
  });
  io.onListening?.(url);
  const signal = await waitForSignal(io, () => {
    logger.warn('Second signal: closing open connections now.');
    listening.destroyConnections();
  });
  logger.info(`Received ${signal}: finishing in-flight requests (up to ${config.shutdownGraceSeconds} s).`);
  const clean = await listening.stop(config.shutdownGraceSeconds * 1000);
  if (!clean) logger.warn('Grace period over: closed the remaining connections.');
  runtime.close();
  await options.onStopped?.();
  logger.info('Stopped.');
  logger.close();
  return 0;
}
