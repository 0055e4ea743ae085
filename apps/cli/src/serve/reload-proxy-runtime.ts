import { ConfigError } from '../config/config-error';
import type { ResolvedConfig } from '../config/resolved-config';
import type { ClosableLogger } from '@asksage-proxy/runtime-node';
import { redactSecrets } from '@asksage-proxy/core';
import { createServingRuntime } from './create-serving-runtime';
import type { SharedRuntimeParts } from './create-serving-runtime';
import type { RuntimeSwitch } from './create-runtime-switch';

/** A re-read configuration and its CA bundle. */
export interface ReloadedConfig {
  config: ResolvedConfig;
  caCertificate?: string;
}

/** Settings a running server cannot change: they are read once, at startup. */
const fixedAtStartup: ReadonlyArray<{ name: string; read: (config: ResolvedConfig) => unknown }> = [
  { name: 'host', read: (config) => config.host },
  { name: 'port', read: (config) => config.port },
  { name: 'socket', read: (config) => config.socket },
  { name: 'metrics', read: (config) => config.metrics },
  { name: 'verbose', read: (config) => config.verbose },
  { name: 'log_format', read: (config) => config.logFormat },
  { name: 'log_file', read: (config) => config.logFile },
  { name: 'shutdown_grace_seconds', read: (config) => config.shutdownGraceSeconds },
];

/** `next` with the settings read only at startup taken from `running`, so what runs matches what is reported. */
function keepStartupSettings(next: ResolvedConfig, running: ResolvedConfig): ResolvedConfig {
  const { host, port, socket, metrics, verbose, logFormat, logFile, logRotation, logMaxSizeMb, logMaxFiles, shutdownGraceSeconds } = running;
  return { ...next, host, port, socket, metrics, verbose, logFormat, logFile, logRotation, logMaxSizeMb, logMaxFiles, shutdownGraceSeconds };
}

/** Inputs of `reloadProxyRuntime`. */
export interface ReloadOptions {
  runtimes: RuntimeSwitch;
  shared: SharedRuntimeParts;
  logger: ClosableLogger & { addSecrets?: (secrets: readonly string[]) => void };
  /** Finds, reads and checks the configuration exactly as at startup (throws `ConfigError`). */
  reloadConfig: () => ReloadedConfig;
}

/**
 * SIGHUP: re-reads config.yaml (and the environment, as at startup) and the model list, builds a new runtime and
 * switches new requests to it; requests in flight finish on the old one. A configuration that would not start is
 * refused with the same message startup prints, and the running one stays in force. Settings read only at startup
 * (host, port, socket…) are reported when changed and keep their running values.
 */
export async function reloadProxyRuntime(options: ReloadOptions): Promise<boolean> {
  const { logger, runtimes } = options;
  const running = runtimes.current().config;
  logger.info('Received SIGHUP: reloading the configuration and the model list.');
  let reloaded: ReloadedConfig;
  try {
    reloaded = options.reloadConfig();
    if (reloaded.config.apiKeys.length === 0) {
      throw new ConfigError(`${reloaded.config.file ?? 'environment'}: api_keys: no API key configured (expected at least one)`);
    }
    // New keys are secrets too: redacted from log lines before anything could print them.
    logger.addSecrets?.([...reloaded.config.apiKeys.map((entry) => entry.key), ...reloaded.config.proxyApiKeys]);
    const next = await createServingRuntime(keepStartupSettings(reloaded.config, running), reloaded.caCertificate, options.shared);
    runtimes.switchTo(next);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const secrets = [...running.apiKeys.map((entry) => entry.key), ...running.proxyApiKeys];
    logger.error(`Reload refused, the running configuration stays in force: ${redactSecrets(message, secrets)}`);
    return false;
  }
  const next = reloaded.config;
  for (const setting of fixedAtStartup) {
    if (JSON.stringify(setting.read(next)) !== JSON.stringify(setting.read(running))) {
      logger.warn(`Reload: ${setting.name} changed, but it only takes effect at a restart; still using the running value.`);
    }
  }
  logger.info('Reloaded', {
    keys: next.apiKeys.map((entry) => `${entry.name} (weight ${entry.weight})`),
    models: runtimes.current().modelIds.size,
  });
  return true;
}
