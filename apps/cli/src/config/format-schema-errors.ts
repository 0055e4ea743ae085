import type { ErrorObject } from 'ajv';
import { describeConfigValue } from './describe-config-value';
import { formatKeyPath } from './format-key-path';

function readAt(root: unknown, instancePath: string): unknown {
  let current = root;
  for (const segment of instancePath.split('/').slice(1)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function expectation(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type': {
      const types = ([] as unknown[]).concat(params.type).map((type) => (type === 'object' ? 'a mapping' : type === 'array' ? 'a list' : type === 'integer' ? 'a whole number' : `a ${String(type)}`));
      return types.join(' or ');
    }
    case 'exclusiveMinimum':
      return `a number greater than ${String(params.limit)}`;
    case 'minimum':
      return `a number of at least ${String(params.limit)}`;
    case 'maximum':
      return `a number of at most ${String(params.limit)}`;
    case 'finite':
      return 'a finite number';
    case 'minLength':
      return 'a non-empty text';
    case 'enum':
      return `one of ${(params.allowedValues as unknown[]).map((value) => String(value)).join(', ')}`;
    case 'pattern':
      return 'a URL starting with http:// or https://';
    default:
      return error.message ?? 'a valid value';
  }
}

/**
 * One human line per ajv error: the key path, what was expected and what was found. `locate` turns a key path
 * into where the user wrote it (`config.yaml: api_keys[1].weight`, or an environment variable name).
 */
export function formatSchemaErrors(errors: readonly ErrorObject[], values: unknown, locate: (keyPath: string) => string): string[] {
  const lines = new Set<string>();
  for (const error of errors) {
    if (error.keyword === 'required') {
      const missing = String((error.params as { missingProperty: string }).missingProperty);
      lines.add(`${locate(formatKeyPath(error.instancePath, missing))}: missing (expected a text)`);
      continue;
    }
    const found = describeConfigValue(readAt(values, error.instancePath));
    lines.add(`${locate(formatKeyPath(error.instancePath))}: expected ${expectation(error)}, found ${found}`);
  }
  return [...lines];
}
