import { redactSecrets } from '@asksage-proxy/core';
import { refreshAvailableModels, defaultCacheFile } from './models/index';
import { createAskSageUpstreamClient } from '@asksage-proxy/adapter-asksage';
import type { CliIo } from './cli-io';
import { ConfigError } from './config/config-error';
import { loadConfig } from './config/load-config';
import type { LoadedConfig } from './config/load-config';
import { readCertificate } from './config/read-certificate';
import { assertRealApiKeys } from './config/assert-real-api-keys';
import { runCheckCommand } from './check/run-check-command';
import { renderConfigDisplay } from './config/render-config-display';
import type { ResolvedConfig } from './config/resolved-config';
import { createCliLogger } from './create-cli-logger';
import type { CliLogger } from './create-cli-logger';
import { describeSetting } from './config/describe-setting';
import { runDemo } from './demo/run-demo';
import { runEditCommand } from './edit/run-edit-command';
import { parseCliArguments } from './parse-cli-arguments';
import type { CliArguments } from './parse-cli-arguments';
import { readCliVersion } from './read-cli-version';
import { runProxyServer } from './serve/run-proxy-server';
import { sendReloadSignal } from './serve/send-reload-signal';
import { formatNoConfigHelp } from './setup/format-no-config-help';
import { runFirstTimeSetup } from './setup/run-first-time-setup';
import { SetupCancelledError } from './setup/setup-cancelled-error';

function secretsOf(config: ResolvedConfig): string[] {
  return [...config.apiKeys.map((entry) => entry.key), ...config.proxyApiKeys];
}

function load(args: CliArguments, io: CliIo, given = args.config): LoadedConfig {
  return loadConfig({
    given,
    env: io.env,
    flags: { host: args.host, port: args.port, verbose: args.verbose, logFormat: args.logFormat, nativeStreaming: args.nativeStreaming, upstreamApi: args.upstreamApi, socket: args.socket, logFile: args.logFile },
    home: io.home,
    cwd: io.cwd,
  });
}

async function refreshModels(config: ResolvedConfig, io: CliIo): Promise<number> {
  const logger = createCliLogger({ io, verbose: config.verbose, logFormat: config.logFormat, secrets: secretsOf(config) });
  const upstream = createAskSageUpstreamClient({
    serverBaseUrl: config.serverBaseUrl,
    userBaseUrl: config.userBaseUrl,
    caCertificate: readCertificate(config),
    connectTimeoutMs: config.connectTimeoutSeconds * 1000,
    timeoutMs: config.timeoutSeconds * 1000,
  });
  try {
    const report = await refreshAvailableModels({
      upstream, keys: config.apiKeys, modelsFile: config.modelsFile, cacheFile: defaultCacheFile(io.home),
      logger, out: io.stdout, isTTY: Boolean(io.stdout.isTTY),
    });
    return report.cacheWritten ? 0 : 1;
  } catch (error) {
    // A broken models_file is configuration (exit 2), not a failed refresh.
    if (error instanceof ConfigError) throw error;
    io.stderr.write(`asksage-proxy: refreshing the model list failed: ${(error as Error).message}\n`);
    return 1;
  } finally {
    upstream.close();
    logger.close();
  }
}

async function ensureConfigured(args: CliArguments, io: CliIo, loaded: LoadedConfig): Promise<LoadedConfig | number> {
  const { config } = loaded;
  if (config.apiKeys.length > 0) return loaded;
  if (config.file !== undefined) {
    throw new ConfigError(`${config.file}: api_keys: no API key configured (expected at least one; run "asksage-proxy --edit")`);
  }
  if (!io.stdin.isTTY) {
    io.stderr.write(formatNoConfigHelp(io.home, io.cwd));
    return 2;
  }
  // The tenant is asked only when nobody chose the URLs yet (defaults); URLs from the environment are used as given.
  const askTenant = config.sources.asksage_server_base_url === undefined || config.sources.asksage_server_base_url.origin === 'default';
  const file = await runFirstTimeSetup({ io, serverBaseUrl: config.serverBaseUrl, userBaseUrl: config.userBaseUrl, askTenant });
  return load(args, io, file);
}

/** The serving logger; a `log_file` that cannot be opened is a configuration error naming where it was set. */
function createServeLogger(config: ResolvedConfig, io: CliIo): CliLogger {
  const file = config.logFile === undefined ? undefined : { file: config.logFile, rotation: config.logRotation, maxBytes: Math.round(config.logMaxSizeMb * 1024 * 1024), maxFiles: config.logMaxFiles };
  try {
    return createCliLogger({ io, verbose: config.verbose, logFormat: config.logFormat, secrets: secretsOf(config), ...(file === undefined ? {} : { file }) });
  } catch (error) {
    throw new ConfigError(`${describeSetting(config, 'log_file')}: cannot write the log file ${config.logFile}: ${(error as Error).message}`);
  }
}

async function serve(args: CliArguments, io: CliIo, version: string): Promise<number> {
  let loaded = load(args, io);
  if (loaded.notice) io.stderr.write(`${loaded.notice}\n`);
  if (args.show) {
    io.stdout.write(renderConfigDisplay(loaded.config));
    // Warnings can quote config text (an unknown key may be a pasted API key): same redaction as log lines.
    for (const warning of loaded.config.warnings) io.stderr.write(`warning: ${redactSecrets(warning, secretsOf(loaded.config))}\n`);
    return 0;
  }
  if (args.reload) return sendReloadSignal(loaded.config, io);
  const configured = await ensureConfigured(args, io, loaded);
  if (typeof configured === 'number') return configured;
  loaded = configured;
  const { config } = loaded;
  assertRealApiKeys(config);
  if (args.check) return runCheckCommand(config, io);
  if (args.refreshAvailableModels) return refreshModels(config, io);
  const caCertificate = readCertificate(config);
  const logger = createServeLogger(config, io);
  for (const warning of config.warnings) logger.warn(warning);
  return runProxyServer({
    config, caCertificate, io, logger, version,
    cacheFile: defaultCacheFile(io.home),
    configSource: config.file ?? 'environment variables (no config file)',
    // SIGHUP re-reads the same file (the one setup may just have written), with the same checks as above.
    reloadConfig: () => {
      const reloaded = load(args, io, config.file ?? args.config).config;
      assertRealApiKeys(reloaded);
      return { config: reloaded, caCertificate: readCertificate(reloaded) };
    },
  });
}

/**
 * The whole CLI as a function, so tests run it in-process: parses `argv` (without `node` and the script), then
 * prints the version, runs the demo, edits, shows, refreshes or serves. Resolves with the exit code: 0 ok,
 * 1 runtime failure, 2 bad flag or configuration, 130 setup cancelled.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCliArguments(argv);
  if (parsed.kind === 'exit') {
    if (parsed.stdout) io.stdout.write(parsed.stdout);
    if (parsed.stderr) io.stderr.write(parsed.stderr);
    return parsed.code;
  }
  const args = parsed.arguments;
  const version = readCliVersion();
  if (args.version) {
    io.stdout.write(`${version}\n`);
    return 0;
  }
  try {
    if (args.demo) {
      if (args.host !== undefined && args.host !== '127.0.0.1') {
        io.stderr.write(`note: demo mode binds 127.0.0.1 only; --host ${args.host} is ignored.\n`);
      }
      const logger = createCliLogger({ io, verbose: args.verbose ?? false, logFormat: args.logFormat ?? 'auto', secrets: [] });
      return await runDemo({ io, logger, version, port: args.port, verbose: args.verbose });
    }
    if (args.edit) return await runEditCommand(args.config, io);
    return await serve(args, io, version);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr.write(`asksage-proxy: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof SetupCancelledError) {
      io.stderr.write(`\n${error.message}\n`);
      return error.exitCode;
    }
    io.stderr.write(`asksage-proxy: ${(error as Error).message ?? String(error)}\n`);
    return 1;
  }
}
