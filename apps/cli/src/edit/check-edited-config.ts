import type { CliIo } from '../cli-io';
import { ConfigError } from '../config/config-error';
import { describeSetting } from '../config/describe-setting';
import { readCertificate } from '../config/read-certificate';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { collectUnknownKeys, parseConfigText, readConfigFile } from '../config/read-config-file';
import { resolveConfigPath } from '../config/resolve-config-path';
import { resolveConfig } from '../config/resolve-config';
import type { ResolvedConfig } from '../config/resolved-config';
import { readCuratedModels } from '../models/index';
import { placeholderApiKey } from './config-template';

/** What `checkEditedConfig` found. */
export interface EditedConfigCheck {
  /** Everything that would stop the proxy from starting (empty when it would start). */
  problems: string[];
  /** Things worth knowing that do not stop it (unknown keys with a typo hint, deprecations). */
  warnings: string[];
  /** Number of configured keys. */
  keyCount: number;
  /** The resolved configuration, when the file resolved (for the connectivity and key check that follows). */
  config?: ResolvedConfig;
}

/** The checks that need no valid file: a readable, PEM `cert_path`, and unknown keys (with their typo hints). */
function checkWhatStillCan(file: string, io: Pick<CliIo, 'home' | 'cwd'>, first: string): { problems: string[]; warnings: string[] } {
  const problems = [first];
  let values: Record<string, unknown>;
  try {
    values = parseConfigText(readFileSync(file, 'utf8'), file);
  } catch {
    return { problems, warnings: [] };
  }
  if (typeof values.cert_path === 'string' && values.cert_path.trim() !== '') {
    const certPath = resolveConfigPath(values.cert_path.trim(), { home: io.home, base: path.dirname(file) });
    try {
      readCertificate({ certPath, sources: { cert_path: { origin: 'file', detail: file } } });
    } catch (error) {
      problems.push(problemOf(error));
    }
  }
  return { problems, warnings: collectUnknownKeys(file, values) };
}

function problemOf(error: unknown): string {
  if (error instanceof ConfigError) return error.message;
  throw error;
}

/**
 * Runs on the edited file the checks startup runs on it, so "is valid" means "will start": the schema (finite,
 * bounded numbers, weights), key names, no template placeholder, a readable PEM `cert_path`, and a readable,
 * well-formed `models_file`. The environment and flags are left out: they are not part of the file.
 */
export async function checkEditedConfig(file: string, io: Pick<CliIo, 'home' | 'cwd'>): Promise<EditedConfigCheck> {
  let config;
  try {
    const reading = readConfigFile(file);
    config = resolveConfig({ file: { path: file, values: reading.values }, home: io.home, cwd: io.cwd, warnings: reading.warnings });
  } catch (error) {
    // One pass lists everything: besides the schema errors, check the certificate and name unknown keys now, rather
    // than after the user fixed the first batch.
    return { ...checkWhatStillCan(file, io, problemOf(error)), keyCount: 0 };
  }
  const problems: string[] = [];
  if (config.apiKeys.length === 0) problems.push(`${file}: api_keys: no API key configured (expected at least one)`);
  config.apiKeys.forEach((entry, index) => {
    if (entry.key === placeholderApiKey) problems.push(`${file}: api_keys[${index}].key: still the template placeholder; paste your AskSage API key`);
  });
  try {
    readCertificate(config);
  } catch (error) {
    problems.push(problemOf(error));
  }
  if (config.modelsFile !== undefined) {
    try {
      await readCuratedModels(config.modelsFile, undefined, describeSetting(config, 'models_file'));
    } catch (error) {
      problems.push(problemOf(error));
    }
  }
  return { problems, warnings: config.warnings, keyCount: config.apiKeys.length, config };
}
