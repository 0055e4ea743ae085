import type { ConfigFileValues } from './config-file-values';

/**
 * The port used when a config file names none: the reference's documented example port, which existing clients'
 * `base_url` most likely already point at. First-time setup writes a random free port instead.
 */
export const defaultPort = 50733;

/** Below this total timeout a long generation (a big code file, a long report) is likely to be cut off. */
export const shortTimeoutWarningSeconds = 120;

/**
 * Defaults for every key that has one. `host` is loopback, not the reference's 0.0.0.0: the proxy spends the
 * owner's AskSage keys, so it must not be reachable from the network unless someone decides so (and then
 * `proxy_api_keys` should guard it). `timeout_seconds` is 600, not 30, so long generations finish.
 */
export const configDefaults: Required<
  Pick<
    ConfigFileValues,
    | 'host'
    | 'port'
    | 'verbose'
    | 'asksage_server_base_url'
    | 'asksage_user_base_url'
    | 'timeout_seconds'
    | 'connect_timeout_seconds'
    | 'proxy_api_keys'
    | 'cors_origins'
    | 'heartbeat_seconds'
    | 'max_attempts'
    | 'invalid_key_recheck_seconds'
    | 'invalid_key_recheck_max_seconds'
    | 'log_format'
    | 'native_streaming'
    | 'upstream_api'
    | 'max_body_mb'
    | 'shutdown_grace_seconds'
    | 'allow_private_image_urls'
    | 'max_image_bytes'
    | 'max_document_bytes'
    | 'passthrough_image_urls'
    | 'metrics'
    | 'log_rotation'
    | 'log_max_size_mb'
    | 'log_max_files'
    | 'response_store_max_entries'
    | 'response_store_max_age_seconds'
  >
> = {
  host: '127.0.0.1',
  port: defaultPort,
  verbose: false,
  asksage_server_base_url: 'https://api.asksage.anl.gov/server',
  asksage_user_base_url: 'https://api.asksage.anl.gov/user',
  timeout_seconds: 600,
  connect_timeout_seconds: 10,
  proxy_api_keys: [],
  cors_origins: [],
  heartbeat_seconds: 15,
  max_attempts: 3,
  // A rejected key is rechecked for free after 1 min, then 4, 16 min, then hourly (docs/load-balancing.md).
  invalid_key_recheck_seconds: 60,
  invalid_key_recheck_max_seconds: 3_600,
  log_format: 'auto',
  native_streaming: 'auto',
  upstream_api: 'query',
  max_body_mb: 10,
  shutdown_grace_seconds: 10,
  // Image URLs resolving to loopback, private or link-local addresses are refused (request forgery), 20 MB per image.
  allow_private_image_urls: false,
  max_image_bytes: 20 * 1024 * 1024,
  // PDFs attached as files: 32 MB, Anthropic's own PDF limit (AskSage takes up to 500 MB per file).
  max_document_bytes: 32 * 1024 * 1024,
  // Passthrough: AskSage's surfaces cannot reach the client's network and may not fetch URLs at all (docs/images.md).
  passthrough_image_urls: 'inline',
  metrics: true,
  log_rotation: 'size',
  log_max_size_mb: 10,
  log_max_files: 5,
  // Responses API state: every client stores by default and an agent loop stores one response per step.
  response_store_max_entries: 1_000,
  response_store_max_age_seconds: 3_600,
};
