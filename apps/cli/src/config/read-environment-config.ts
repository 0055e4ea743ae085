import { ConfigError } from './config-error';
import type { ConfigFileValues, ConfigKey } from './config-file-values';
import { formatSchemaErrors } from './format-schema-errors';
import { validateConfigValues } from './config-schema';

type Kind = 'string' | 'number' | 'integer' | 'boolean' | 'list' | 'keys';

/** Environment variable of each config key (containers and systemd units configure the proxy this way). */
export const environmentVariables: ReadonlyArray<{ key: ConfigKey; name: string; kind: Kind }> = [
  { key: 'host', name: 'ASKSAGE_PROXY_HOST', kind: 'string' },
  { key: 'port', name: 'ASKSAGE_PROXY_PORT', kind: 'integer' },
  { key: 'verbose', name: 'ASKSAGE_PROXY_VERBOSE', kind: 'boolean' },
  { key: 'api_keys', name: 'ASKSAGE_PROXY_API_KEYS', kind: 'keys' },
  { key: 'api_key', name: 'ASKSAGE_PROXY_API_KEY', kind: 'string' },
  { key: 'asksage_server_base_url', name: 'ASKSAGE_PROXY_SERVER_BASE_URL', kind: 'string' },
  { key: 'asksage_user_base_url', name: 'ASKSAGE_PROXY_USER_BASE_URL', kind: 'string' },
  { key: 'cert_path', name: 'ASKSAGE_PROXY_CERT_PATH', kind: 'string' },
  { key: 'timeout_seconds', name: 'ASKSAGE_PROXY_TIMEOUT_SECONDS', kind: 'number' },
  { key: 'connect_timeout_seconds', name: 'ASKSAGE_PROXY_CONNECT_TIMEOUT_SECONDS', kind: 'number' },
  { key: 'proxy_api_keys', name: 'ASKSAGE_PROXY_PROXY_API_KEYS', kind: 'list' },
  { key: 'cors_origins', name: 'ASKSAGE_PROXY_CORS_ORIGINS', kind: 'list' },
  { key: 'models_file', name: 'ASKSAGE_PROXY_MODELS_FILE', kind: 'string' },
  { key: 'heartbeat_seconds', name: 'ASKSAGE_PROXY_HEARTBEAT_SECONDS', kind: 'number' },
  { key: 'max_attempts', name: 'ASKSAGE_PROXY_MAX_ATTEMPTS', kind: 'integer' },
  { key: 'invalid_key_recheck_seconds', name: 'ASKSAGE_PROXY_INVALID_KEY_RECHECK_SECONDS', kind: 'number' },
  { key: 'invalid_key_recheck_max_seconds', name: 'ASKSAGE_PROXY_INVALID_KEY_RECHECK_MAX_SECONDS', kind: 'number' },
  { key: 'log_format', name: 'ASKSAGE_PROXY_LOG_FORMAT', kind: 'string' },
  { key: 'native_streaming', name: 'ASKSAGE_PROXY_NATIVE_STREAMING', kind: 'string' },
  { key: 'upstream_api', name: 'ASKSAGE_PROXY_UPSTREAM_API', kind: 'string' },
  { key: 'max_body_mb', name: 'ASKSAGE_PROXY_MAX_BODY_MB', kind: 'number' },
  { key: 'shutdown_grace_seconds', name: 'ASKSAGE_PROXY_SHUTDOWN_GRACE_SECONDS', kind: 'number' },
  { key: 'redis_url', name: 'ASKSAGE_PROXY_REDIS_URL', kind: 'string' },
  { key: 'allow_private_image_urls', name: 'ASKSAGE_PROXY_ALLOW_PRIVATE_IMAGE_URLS', kind: 'boolean' },
  { key: 'passthrough_image_urls', name: 'ASKSAGE_PROXY_PASSTHROUGH_IMAGE_URLS', kind: 'string' },
  { key: 'max_image_bytes', name: 'ASKSAGE_PROXY_MAX_IMAGE_BYTES', kind: 'integer' },
  { key: 'max_document_bytes', name: 'ASKSAGE_PROXY_MAX_DOCUMENT_BYTES', kind: 'integer' },
  { key: 'metrics', name: 'ASKSAGE_PROXY_METRICS', kind: 'boolean' },
  { key: 'socket', name: 'ASKSAGE_PROXY_SOCKET', kind: 'string' },
  { key: 'log_file', name: 'ASKSAGE_PROXY_LOG_FILE', kind: 'string' },
  { key: 'log_rotation', name: 'ASKSAGE_PROXY_LOG_ROTATION', kind: 'string' },
  { key: 'log_max_size_mb', name: 'ASKSAGE_PROXY_LOG_MAX_SIZE_MB', kind: 'number' },
  { key: 'log_max_files', name: 'ASKSAGE_PROXY_LOG_MAX_FILES', kind: 'integer' },
  { key: 'response_store_max_entries', name: 'ASKSAGE_PROXY_RESPONSE_STORE_MAX_ENTRIES', kind: 'integer' },
  { key: 'response_store_max_age_seconds', name: 'ASKSAGE_PROXY_RESPONSE_STORE_MAX_AGE_SECONDS', kind: 'number' },
];

/** Values taken from the environment and the variable each came from. */
export interface EnvironmentConfig {
  /** Parsed values. */
  values: ConfigFileValues;
  /** Variable name per key, for `--show` and error messages. */
  variables: Partial<Record<ConfigKey, string>>;
}

/**
 * `ASKSAGE_PROXY_API_KEYS`: JSON when it starts with `[` or `{` (a list of the same items as config.yaml, or one
 * `{key, weight, name}` mapping), else comma-separated `name:key` or bare `key` items. The JSON is then checked
 * against the same schema as the file. A JSON parse error never quotes the text: it holds keys.
 */
function parseKeys(text: string, name: string): unknown {
  const trimmed = text.trim();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw new ConfigError(
        `${name}: starts with ${trimmed[0]} but is not valid JSON (expected a JSON list of keys such as [{"key": "...", "name": "lab"}], one {"key": ...} mapping, or comma-separated name:key items)`,
      );
    }
    return Array.isArray(parsed) ? parsed : [parsed];
  }
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0)
    .map((item) => {
      const colon = item.indexOf(':');
      return colon > 0 ? { name: item.slice(0, colon).trim(), key: item.slice(colon + 1).trim() } : item;
    });
}

function parseValue(text: string, kind: Kind, name: string): unknown {
  switch (kind) {
    case 'string':
      return text;
    case 'number':
    case 'integer': {
      const value = Number(text);
      if (Number.isNaN(value)) throw new ConfigError(`${name}: expected a number, found the text "${text}"`);
      // Infinity would pass a naive check and then overflow Node's timers, failing every request.
      if (!Number.isFinite(value)) throw new ConfigError(`${name}: expected a finite number, found "${text}"`);
      return value;
    }
    case 'boolean': {
      const lowered = text.trim().toLowerCase();
      if (['1', 'true', 'yes', 'on'].includes(lowered)) return true;
      if (['0', 'false', 'no', 'off'].includes(lowered)) return false;
      throw new ConfigError(`${name}: expected true or false, found the text "${text}"`);
    }
    case 'list':
      return text.split(',').map((item) => item.trim()).filter((item) => item.length > 0);
    case 'keys':
      return parseKeys(text, name);
  }
}

/**
 * Reads every `ASKSAGE_PROXY_*` variable that is set. An empty (or blank) value counts as unset for every kind,
 * as the docs promise: `ASKSAGE_PROXY_VERBOSE=` in a compose file must not silently turn verbose off.
 */
export function readEnvironmentConfig(env: NodeJS.ProcessEnv): EnvironmentConfig {
  const values: Record<string, unknown> = {};
  const variables: Partial<Record<ConfigKey, string>> = {};
  for (const variable of environmentVariables) {
    const text = env[variable.name];
    if (text === undefined || text.trim() === '') continue;
    values[variable.key] = parseValue(text, variable.kind, variable.name);
    variables[variable.key] = variable.name;
  }
  const errors = validateConfigValues(values);
  if (errors.length > 0) {
    const lines = formatSchemaErrors(errors, values, (keyPath) => {
      const top = keyPath.split(/[.[]/)[0] as ConfigKey;
      return `${variables[top] ?? keyPath} (${keyPath})`;
    });
    throw new ConfigError(`Invalid configuration in the environment:\n  ${lines.join('\n  ')}`);
  }
  return { values: values as ConfigFileValues, variables };
}
