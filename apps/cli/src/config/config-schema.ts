import Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';

/**
 * Largest accepted value of each duration and size. Node timers overflow above 2147483647 ms (about 24.8 days)
 * and then fire at once, so an unbounded `timeout_seconds` made every request fail; these caps stay far below
 * that ceiling and above anything a real deployment needs.
 */
export const configMaximums = {
  timeout_seconds: 86_400,
  connect_timeout_seconds: 600,
  heartbeat_seconds: 3_600,
  shutdown_grace_seconds: 3_600,
  max_body_mb: 1_024,
  max_image_bytes: 512 * 1024 * 1024,
  // AskSage's documented per-file limit.
  max_document_bytes: 500 * 1024 * 1024,
  log_max_size_mb: 102_400,
  log_max_files: 1_000,
  response_store_max_entries: 1_000_000,
  response_store_max_age_seconds: 30 * 86_400,
  invalid_key_recheck_seconds: 86_400,
  weight: 1_000_000,
} as const;

// `finite` is our own keyword: JSON Schema's `number` accepts YAML's `.inf` and `.nan`, and NaN passes every
// minimum/maximum comparison.
const finiteNumber = { type: 'number', finite: true };
const positiveNumber = (maximum: number) => ({ ...finiteNumber, exclusiveMinimum: 0, maximum });
const nonEmptyString = { type: 'string', minLength: 1 };
const httpUrl = { type: 'string', pattern: '^https?://[^\\s/]+' };

/**
 * JSON Schema of config.yaml. Unknown keys are allowed here and reported as warnings with a typo hint instead,
 * so a newer file still starts an older proxy. `api_keys` items are a bare key string or a mapping
 * (`properties`/`required` only apply to mappings, which avoids anyOf's unreadable error lists).
 */
export const configSchema = {
  type: 'object',
  properties: {
    host: nonEmptyString,
    port: { type: 'integer', finite: true, minimum: 0, maximum: 65535 },
    verbose: { type: 'boolean' },
    api_keys: {
      type: 'array',
      items: {
        type: ['string', 'object'],
        minLength: 1,
        properties: { key: nonEmptyString, weight: positiveNumber(configMaximums.weight), name: nonEmptyString },
        required: ['key'],
      },
    },
    api_key: nonEmptyString,
    asksage_server_base_url: httpUrl,
    asksage_user_base_url: httpUrl,
    cert_path: nonEmptyString,
    timeout_seconds: positiveNumber(configMaximums.timeout_seconds),
    connect_timeout_seconds: positiveNumber(configMaximums.connect_timeout_seconds),
    proxy_api_keys: { type: 'array', items: nonEmptyString },
    // Exact web origins, e.g. https://chat.example.org (scheme, host and port; no path).
    cors_origins: { type: 'array', items: { type: 'string', pattern: '^https?://[^/\\s]+$' } },
    models_file: nonEmptyString,
    heartbeat_seconds: positiveNumber(configMaximums.heartbeat_seconds),
    max_attempts: { type: 'integer', finite: true, minimum: 1, maximum: 10 },
    // 0 rechecks at the next request after each verdict (tests); the cap bounds both.
    invalid_key_recheck_seconds: { ...finiteNumber, minimum: 0, maximum: configMaximums.invalid_key_recheck_seconds },
    invalid_key_recheck_max_seconds: { ...finiteNumber, minimum: 0, maximum: configMaximums.invalid_key_recheck_seconds },
    log_format: { enum: ['auto', 'text', 'json'] },
    native_streaming: { enum: ['auto', 'off'] },
    upstream_api: { enum: ['query', 'passthrough'] },
    max_body_mb: positiveNumber(configMaximums.max_body_mb),
    shutdown_grace_seconds: { ...finiteNumber, minimum: 0, maximum: configMaximums.shutdown_grace_seconds },
    // redis://[:password@]host[:port][/db] or rediss:// (TLS).
    redis_url: { type: 'string', pattern: '^rediss?://[^\\s/]+' },
    allow_private_image_urls: { type: 'boolean' },
    passthrough_image_urls: { enum: ['inline', 'forward'] },
    max_image_bytes: { type: 'integer', finite: true, minimum: 1, maximum: configMaximums.max_image_bytes },
    max_document_bytes: { type: 'integer', finite: true, minimum: 1, maximum: configMaximums.max_document_bytes },
    metrics: { type: 'boolean' },
    // A Unix socket path; Linux caps sun_path at 107 bytes, so longer paths fail at listen with a clear message.
    socket: nonEmptyString,
    log_file: nonEmptyString,
    log_rotation: { enum: ['size', 'daily'] },
    log_max_size_mb: positiveNumber(configMaximums.log_max_size_mb),
    log_max_files: { type: 'integer', finite: true, minimum: 1, maximum: configMaximums.log_max_files },
    response_store_max_entries: { type: 'integer', finite: true, minimum: 1, maximum: configMaximums.response_store_max_entries },
    response_store_max_age_seconds: positiveNumber(configMaximums.response_store_max_age_seconds),
  },
} as const;

let compiled: ValidateFunction | undefined;

/** The schema compiled once per process (compiling costs more than validating). */
export function configValidator(): ValidateFunction {
  if (compiled === undefined) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addKeyword({ keyword: 'finite', type: 'number', schemaType: 'boolean', validate: (_schema: boolean, data: number) => Number.isFinite(data) });
    compiled = ajv.compile(configSchema);
  }
  return compiled;
}

/**
 * Validates `values`; returns ajv's errors (empty when valid). A non-finite number earns one error, not also
 * "at most …" or "greater than …" lines for the same key.
 */
export function validateConfigValues(values: unknown): ErrorObject[] {
  const validate = configValidator();
  if (validate(values)) return [];
  const errors = [...(validate.errors ?? [])];
  const infinite = new Set(errors.filter((error) => error.keyword === 'finite').map((error) => error.instancePath));
  return errors.filter((error) => error.keyword === 'finite' || !infinite.has(error.instancePath));
}
