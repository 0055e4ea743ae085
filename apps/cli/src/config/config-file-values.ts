/** One `api_keys` item as written in config.yaml: a bare key string or a mapping. */
export type ConfigFileApiKey = string | { key: string; weight?: number; name?: string };

/**
 * config.yaml as written by a user, snake_case as in the Python reference (users keep their files).
 * Every key is optional; `resolveConfig` fills defaults.
 */
export interface ConfigFileValues {
  host?: string;
  port?: number;
  verbose?: boolean;
  api_keys?: ConfigFileApiKey[];
  /** Deprecated single key of the reference; still accepted. */
  api_key?: string;
  asksage_server_base_url?: string;
  asksage_user_base_url?: string;
  cert_path?: string;
  timeout_seconds?: number;
  connect_timeout_seconds?: number;
  proxy_api_keys?: string[];
  cors_origins?: string[];
  models_file?: string;
  heartbeat_seconds?: number;
  max_attempts?: number;
  /** Wait before the first free recheck of a key AskSage rejected; each rejected recheck waits 4x longer. */
  invalid_key_recheck_seconds?: number;
  /** Longest wait between rechecks of an invalid key. */
  invalid_key_recheck_max_seconds?: number;
  log_format?: 'auto' | 'text' | 'json';
  native_streaming?: 'auto' | 'off';
  upstream_api?: 'query' | 'passthrough';
  max_body_mb?: number;
  shutdown_grace_seconds?: number;
  /** Several replicas share key health, the Responses store and usage through this Redis (docs/scaling.md). */
  redis_url?: string;
  allow_private_image_urls?: boolean;
  max_image_bytes?: number;
  /** Largest PDF document attached to a query, decoded or downloaded. */
  max_document_bytes?: number;
  /** Passthrough mode: image URLs fetched by the proxy and sent inline (`inline`), or sent as they are (`forward`). */
  passthrough_image_urls?: 'inline' | 'forward';
  metrics?: boolean;
  socket?: string;
  log_file?: string;
  log_rotation?: 'size' | 'daily';
  log_max_size_mb?: number;
  log_max_files?: number;
  /** Most Responses API responses kept for previous_response_id, GET and DELETE (in memory). */
  response_store_max_entries?: number;
  /** How long a stored Responses API response is kept. */
  response_store_max_age_seconds?: number;
}

/** A top-level key of config.yaml. */
export type ConfigKey = keyof ConfigFileValues;

/** Every key the proxy understands, in the order `--show` prints them. */
export const configKeys: readonly ConfigKey[] = [
  'host',
  'port',
  'verbose',
  'api_keys',
  'api_key',
  'asksage_server_base_url',
  'asksage_user_base_url',
  'cert_path',
  'timeout_seconds',
  'connect_timeout_seconds',
  'proxy_api_keys',
  'cors_origins',
  'models_file',
  'heartbeat_seconds',
  'max_attempts',
  'invalid_key_recheck_seconds',
  'invalid_key_recheck_max_seconds',
  'log_format',
  'native_streaming',
  'upstream_api',
  'max_body_mb',
  'shutdown_grace_seconds',
  'redis_url',
  'allow_private_image_urls',
  'max_image_bytes',
  'max_document_bytes',
  'passthrough_image_urls',
  'metrics',
  'socket',
  'log_file',
  'log_rotation',
  'log_max_size_mb',
  'log_max_files',
  'response_store_max_entries',
  'response_store_max_age_seconds',
];

/** Fields of one `api_keys` mapping. */
export const apiKeyFields: readonly string[] = ['key', 'weight', 'name'];
