import Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';

const positiveNumber = { type: 'number', exclusiveMinimum: 0 };
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
    port: { type: 'integer', minimum: 0, maximum: 65535 },
    verbose: { type: 'boolean' },
    api_keys: {
      type: 'array',
      items: {
        type: ['string', 'object'],
        minLength: 1,
        properties: { key: nonEmptyString, weight: positiveNumber, name: nonEmptyString },
        required: ['key'],
      },
    },
    api_key: nonEmptyString,
    asksage_server_base_url: httpUrl,
    asksage_user_base_url: httpUrl,
    cert_path: nonEmptyString,
    timeout_seconds: positiveNumber,
    connect_timeout_seconds: positiveNumber,
    proxy_api_keys: { type: 'array', items: nonEmptyString },
    models_file: nonEmptyString,
    heartbeat_seconds: positiveNumber,
    max_attempts: { type: 'integer', minimum: 1, maximum: 10 },
    log_format: { enum: ['auto', 'text', 'json'] },
    max_body_mb: positiveNumber,
    shutdown_grace_seconds: { type: 'number', minimum: 0 },
  },
} as const;

let compiled: ValidateFunction | undefined;

/** The schema compiled once per process (compiling costs more than validating). */
export function configValidator(): ValidateFunction {
  compiled ??= new Ajv({ allErrors: true, strict: false }).compile(configSchema);
  return compiled;
}

/** Validates `values`; returns ajv's errors (empty when valid). */
export function validateConfigValues(values: unknown): ErrorObject[] {
  const validate = configValidator();
  return validate(values) ? [] : [...(validate.errors ?? [])];
}
