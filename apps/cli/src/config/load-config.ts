import { statSync } from 'node:fs';
import type { ConfigFileValues } from './config-file-values';
import type { ConfigFlags } from './resolve-config';
import { resolveConfig } from './resolve-config';
import type { ResolvedConfig } from './resolved-config';
import { findConfigFile } from './find-config-file';
import { readConfigFile } from './read-config-file';
import { readEnvironmentConfig } from './read-environment-config';

/** Inputs of `loadConfig`. */
export interface LoadConfigOptions {
  /** The `[config]` positional argument. */
  given?: string;
  /** Process environment. */
  env: NodeJS.ProcessEnv;
  /** Command-line overrides. */
  flags?: ConfigFlags;
  /** Home folder (`HOME`), for the search and `~`. */
  home: string;
  /** Working folder. */
  cwd: string;
}

/** The resolved configuration and what the search said. */
export interface LoadedConfig {
  /** Defaults < file < environment < flags. */
  config: ResolvedConfig;
  /** Set when a given path was missing and the search was used. */
  notice?: string;
}

/** Finds, reads and resolves the configuration. Throws ConfigError (exit 2) for anything a human must fix. */
export function loadConfig(options: LoadConfigOptions): LoadedConfig {
  const location = findConfigFile({ given: options.given, home: options.home, cwd: options.cwd });
  const reading = location.file === undefined ? undefined : readConfigFile(location.file);
  const environment = readEnvironmentConfig(options.env);
  const config = resolveConfig({
    file: location.file !== undefined && reading ? { path: location.file, values: reading.values } : undefined,
    environment,
    flags: options.flags,
    home: options.home,
    cwd: options.cwd,
    warnings: reading?.warnings,
  });
  const exposure = location.file !== undefined && reading !== undefined ? describeExposedKeys(location.file, reading.values) : undefined;
  if (exposure !== undefined) config.warnings.push(exposure);
  return { config, notice: location.notice };
}

/** Like ssh with a private key: a file that holds API keys and other users may read gets a warning with the fix. */
function describeExposedKeys(file: string, values: ConfigFileValues): string | undefined {
  if (values.api_keys === undefined && values.api_key === undefined && values.proxy_api_keys === undefined) return undefined;
  let mode: number;
  try {
    mode = statSync(file).mode & 0o777;
  } catch {
    return undefined;
  }
  if ((mode & 0o077) === 0) return undefined;
  return `${file} holds API keys and other users on this machine may read it (mode ${mode.toString(8)}); run: chmod 600 ${file}`;
}
