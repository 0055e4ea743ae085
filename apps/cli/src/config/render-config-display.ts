import { dump } from 'js-yaml';
import { describeUpstreamMode } from '../serve/format-startup-banner';
import type { ConfigKey } from './config-file-values';
import { maskRedisUrl } from '@asksage-proxy/adapter-redis';
import { maskSecret } from './mask-secret';
import type { ResolvedConfig, ValueSource } from './resolved-config';

/** The resolved configuration in config.yaml form, every secret masked. */
export function toDisplayValues(config: ResolvedConfig): Record<string, unknown> {
  const values: Record<string, unknown> = {
    host: config.host,
    port: config.port,
    verbose: config.verbose,
    api_keys: config.apiKeys.map((entry) => ({ name: entry.name, key: maskSecret(entry.key), weight: entry.weight })),
    asksage_server_base_url: config.serverBaseUrl,
    asksage_user_base_url: config.userBaseUrl,
    cert_path: config.certPath ?? null,
    timeout_seconds: config.timeoutSeconds,
    connect_timeout_seconds: config.connectTimeoutSeconds,
    proxy_api_keys: config.proxyApiKeys.map(maskSecret),
    cors_origins: config.corsOrigins,
    models_file: config.modelsFile ?? null,
    heartbeat_seconds: config.heartbeatSeconds,
    max_attempts: config.maxAttempts,
    invalid_key_recheck_seconds: config.invalidKeyRecheckSeconds,
    invalid_key_recheck_max_seconds: config.invalidKeyRecheckMaxSeconds,
    log_format: config.logFormat,
    native_streaming: config.nativeStreaming,
    upstream_api: config.upstreamApi,
    max_body_mb: config.maxBodyMb,
    shutdown_grace_seconds: config.shutdownGraceSeconds,
    redis_url: config.redisUrl === undefined ? null : maskRedisUrl(config.redisUrl),
    allow_private_image_urls: config.allowPrivateImageUrls,
    max_image_bytes: config.maxImageBytes,
    max_document_bytes: config.maxDocumentBytes,
    passthrough_image_urls: config.passthroughImageUrls,
    metrics: config.metrics,
    socket: config.socket ?? null,
    log_file: config.logFile ?? null,
    log_rotation: config.logRotation,
    log_max_size_mb: config.logMaxSizeMb,
    log_max_files: config.logMaxFiles,
    response_store_max_entries: config.responseStoreMaxEntries,
    response_store_max_age_seconds: config.responseStoreMaxAgeSeconds,
  };
  return values;
}

function describeSource(source: ValueSource | undefined): string {
  if (source === undefined) return 'not set';
  return source.detail ? `${source.origin} (${source.detail})` : source.origin;
}

/**
 * What `--show` prints: the resolved configuration as YAML with keys masked (`abcd…wxyz`), then where each value
 * came from. Unlike the reference (protocol doc §7.1), no key is ever printed whole, inbound proxy keys included.
 */
export function renderConfigDisplay(config: ResolvedConfig): string {
  const values = toDisplayValues(config);
  const header =
    `# Configuration file: ${config.file ?? '(none found; defaults and environment only)'}\n` +
    `# Completions: ${describeUpstreamMode({ upstreamApi: config.upstreamApi, nativeStreaming: config.nativeStreaming })}\n`;
  const origins = Object.keys(values)
    .map((key) => `#   ${key}: ${describeSource(config.sources[key as ConfigKey])}`)
    .join('\n');
  return `${header}${dump(values, { lineWidth: 200 })}\n# Where each value came from (default < file < env < flag):\n${origins}\n`;
}
