import path from 'node:path';
import type { ConfigFileValues, ConfigKey } from './config-file-values';
import { configDefaults, shortTimeoutWarningSeconds } from './config-defaults';
import { normalizeApiKeys } from './normalize-api-keys';
import { resolveConfigPath } from './resolve-config-path';
import type { ResolvedConfig, ValueSource } from './resolved-config';

/** Command-line overrides (highest precedence). */
export interface ConfigFlags {
  host?: string;
  port?: number;
  verbose?: boolean;
  logFormat?: 'auto' | 'text' | 'json';
  socket?: string;
  logFile?: string;
  nativeStreaming?: 'auto' | 'off';
  redisUrl?: string;
  upstreamApi?: 'query' | 'passthrough';
}

/** Inputs of `resolveConfig`. */
export interface ResolveConfigInput {
  /** The config file read, if any, and its values. */
  file?: { path: string; values: ConfigFileValues };
  /** Values from `ASKSAGE_PROXY_*` and the variable of each. */
  environment?: { values: ConfigFileValues; variables: Partial<Record<ConfigKey, string>> };
  /** Command-line flags. */
  flags?: ConfigFlags;
  /** Home folder, for `~`. */
  home: string;
  /** Working folder, base of relative paths given by env or flags. */
  cwd: string;
  /** Warnings gathered so far (unknown keys…), carried into the result. */
  warnings?: string[];
}

interface Layer {
  values: ConfigFileValues;
  source: (key: ConfigKey) => ValueSource;
  /** Folder that relative paths in this layer are relative to. */
  base: string;
  locate: (keyPath: string) => string;
}

function flagValues(flags: ConfigFlags): ConfigFileValues {
  const values: ConfigFileValues = {};
  if (flags.host !== undefined) values.host = flags.host;
  if (flags.port !== undefined) values.port = flags.port;
  if (flags.verbose !== undefined) values.verbose = flags.verbose;
  if (flags.logFormat !== undefined) values.log_format = flags.logFormat;
  if (flags.socket !== undefined) values.socket = flags.socket;
  if (flags.logFile !== undefined) values.log_file = flags.logFile;
  if (flags.nativeStreaming !== undefined) values.native_streaming = flags.nativeStreaming;
  if (flags.upstreamApi !== undefined) values.upstream_api = flags.upstreamApi;
  if (flags.redisUrl !== undefined) values.redis_url = flags.redisUrl;
  return values;
}

const flagNames: Partial<Record<ConfigKey, string>> = { host: '--host', port: '--port', verbose: '--verbose', log_format: '--log-format', native_streaming: '--native-streaming', upstream_api: '--upstream-api', socket: '--socket', log_file: '--log-file', redis_url: '--redis-url' };

function buildLayers(input: ResolveConfigInput): Layer[] {
  const layers: Layer[] = [];
  if (input.file) {
    const filePath = input.file.path;
    layers.push({ values: input.file.values, source: () => ({ origin: 'file', detail: filePath }), base: path.dirname(filePath), locate: (keyPath) => `${filePath}: ${keyPath}` });
  }
  if (input.environment) {
    const variables = input.environment.variables;
    layers.push({
      values: input.environment.values,
      source: (key) => ({ origin: 'env', detail: variables[key] }),
      base: input.cwd,
      locate: (keyPath) => `${variables[keyPath.split(/[.[]/)[0] as ConfigKey] ?? 'environment'} (${keyPath})`,
    });
  }
  if (input.flags) layers.push({ values: flagValues(input.flags), source: (key) => ({ origin: 'flag', detail: flagNames[key] }), base: input.cwd, locate: (keyPath) => keyPath });
  return layers;
}

/**
 * Merges defaults < file < environment < flags into the configuration the proxy runs with, recording where each
 * value came from (for `--show`). `api_keys` and the legacy `api_key` are one setting: the highest layer that sets
 * either wins, so `ASKSAGE_PROXY_API_KEY` overrides a file's `api_keys`. Paths become absolute.
 */
export function resolveConfig(input: ResolveConfigInput): ResolvedConfig {
  const warnings = [...(input.warnings ?? [])];
  const layers = buildLayers(input);
  const merged: Record<string, unknown> = { ...configDefaults };
  const sources: Partial<Record<ConfigKey, ValueSource>> = {};
  for (const key of Object.keys(configDefaults) as ConfigKey[]) sources[key] = { origin: 'default' };
  const pathBase: Partial<Record<ConfigKey, string>> = {};
  let keyLayer: Layer | undefined;
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer.values) as Array<[ConfigKey, unknown]>) {
      if (key === 'api_keys' || key === 'api_key') {
        keyLayer = layer;
        continue;
      }
      merged[key] = value;
      sources[key] = layer.source(key);
      pathBase[key] = layer.base;
    }
  }
  let apiKeys: ResolvedConfig['apiKeys'] = [];
  if (keyLayer) {
    const { api_keys: list, api_key: legacy } = keyLayer.values;
    if (list !== undefined && list.length > 0) {
      if (legacy !== undefined) warnings.push(`${keyLayer.locate('api_key')}: ignored because api_keys is also set.`);
      apiKeys = normalizeApiKeys(list, keyLayer.locate, warnings);
      sources.api_keys = keyLayer.source('api_keys');
    } else if (legacy !== undefined) {
      if (keyLayer.source('api_key').origin === 'file') {
        warnings.push(`${keyLayer.locate('api_key')}: the single api_key is deprecated; it is used as key_1. Prefer "api_keys: [{key: ..., name: ...}]".`);
      }
      apiKeys = normalizeApiKeys([legacy], keyLayer.locate, warnings);
      sources.api_keys = keyLayer.source('api_key');
    }
  }
  const values = merged as Required<ConfigFileValues>;
  const resolvePath = (key: 'cert_path' | 'models_file' | 'socket' | 'log_file'): string | undefined =>
    values[key] === undefined ? undefined : resolveConfigPath(values[key], { home: input.home, base: pathBase[key] ?? input.cwd });
  if (values.timeout_seconds < shortTimeoutWarningSeconds) {
    warnings.push(`timeout_seconds is ${values.timeout_seconds}: answers that take longer (long generations) will be cut off; 600 is the default.`);
  }
  return {
    file: input.file?.path,
    host: values.host,
    port: values.port,
    verbose: values.verbose,
    apiKeys,
    serverBaseUrl: values.asksage_server_base_url.replace(/\/+$/, ''),
    userBaseUrl: values.asksage_user_base_url.replace(/\/+$/, ''),
    certPath: resolvePath('cert_path'),
    timeoutSeconds: values.timeout_seconds,
    connectTimeoutSeconds: values.connect_timeout_seconds,
    proxyApiKeys: values.proxy_api_keys,
    corsOrigins: values.cors_origins,
    modelsFile: resolvePath('models_file'),
    heartbeatSeconds: values.heartbeat_seconds,
    maxAttempts: values.max_attempts,
    invalidKeyRecheckSeconds: values.invalid_key_recheck_seconds,
    invalidKeyRecheckMaxSeconds: values.invalid_key_recheck_max_seconds,
    logFormat: values.log_format,
    nativeStreaming: values.native_streaming,
    upstreamApi: values.upstream_api,
    maxBodyMb: values.max_body_mb,
    shutdownGraceSeconds: values.shutdown_grace_seconds,
    ...(values.redis_url === undefined ? {} : { redisUrl: values.redis_url }),
    allowPrivateImageUrls: values.allow_private_image_urls,
    maxImageBytes: values.max_image_bytes,
    maxDocumentBytes: values.max_document_bytes,
    passthroughImageUrls: values.passthrough_image_urls,
    metrics: values.metrics,
    socket: resolvePath('socket'),
    logFile: resolvePath('log_file'),
    logRotation: values.log_rotation,
    logMaxSizeMb: values.log_max_size_mb,
    logMaxFiles: values.log_max_files,
    responseStoreMaxEntries: values.response_store_max_entries,
    responseStoreMaxAgeSeconds: values.response_store_max_age_seconds,
    sources,
    warnings,
  };
}
