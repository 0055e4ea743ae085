import { readFileSync } from 'node:fs';
import { load, YAMLException } from 'js-yaml';
import { ConfigError } from './config-error';
import { apiKeyFields, configKeys } from './config-file-values';
import type { ConfigFileValues } from './config-file-values';
import { describeConfigValue } from './describe-config-value';
import { formatSchemaErrors } from './format-schema-errors';
import { validateConfigValues } from './config-schema';
import { suggestConfigKey } from './suggest-config-key';

/** A config file that parsed and validated, plus warnings for the operator. */
export interface ConfigFileReading {
  /** The values, null entries removed (an empty `cert_path:` means unset). */
  values: ConfigFileValues;
  /** Unknown keys (with a typo hint when one is close). */
  warnings: string[];
}

function withoutNulls(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== null && value !== undefined));
}

function unknownKeyWarning(file: string, keyPath: string, name: string, known: readonly string[]): string {
  const hint = suggestConfigKey(name, known);
  return `${file}: unknown key ${keyPath} is ignored${hint ? ` (did you mean \`${hint}\`?)` : ''}`;
}

/** One warning per key this proxy does not know, with the closest known key as a hint (top level and in api_keys). */
export function collectUnknownKeys(file: string, values: Record<string, unknown>): string[] {
  const warnings: string[] = [];
  for (const name of Object.keys(values)) {
    if (!(configKeys as readonly string[]).includes(name)) warnings.push(unknownKeyWarning(file, name, name, configKeys));
  }
  const keys = values.api_keys;
  if (Array.isArray(keys)) {
    keys.forEach((item, index) => {
      if (item === null || typeof item !== 'object') return;
      for (const name of Object.keys(item as object)) {
        if (!apiKeyFields.includes(name)) warnings.push(unknownKeyWarning(file, `api_keys[${index}].${name}`, name, apiKeyFields));
      }
    });
  }
  return warnings;
}

/** Parses YAML text; a syntax error becomes a ConfigError with the line and column. */
export function parseConfigText(text: string, file: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = load(text, { filename: file });
  } catch (error) {
    if (error instanceof YAMLException) {
      const line = error.mark ? error.mark.line + 1 : undefined;
      const column = error.mark ? error.mark.column + 1 : undefined;
      const where = line !== undefined ? `:${line}:${column}` : '';
      throw new ConfigError(`${file}${where}: YAML syntax error: ${error.reason}`);
    }
    throw error;
  }
  if (parsed === undefined || parsed === null) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(`${file}: expected a mapping of settings (key: value lines), found ${describeConfigValue(parsed)}`);
  }
  return withoutNulls(parsed as Record<string, unknown>);
}

/** Checks parsed values against the schema; every problem is listed, each with its key path. */
export function checkConfigValues(values: Record<string, unknown>, file: string): ConfigFileReading {
  const errors = validateConfigValues(values);
  if (errors.length > 0) {
    const lines = formatSchemaErrors(errors, values, (keyPath) => `${file}: ${keyPath}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return { values: values as ConfigFileValues, warnings: collectUnknownKeys(file, values) };
}

/** Reads, parses and validates one config file. Throws ConfigError for anything a human must fix. */
export function readConfigFile(file: string): ConfigFileReading {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read the config file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return checkConfigValues(parseConfigText(text, file), file);
}
