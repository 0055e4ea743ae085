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
  return { config, notice: location.notice };
}
