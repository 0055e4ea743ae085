import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Where the proxy looks for config.yaml when none is given, first found wins: the reference's locations, in the
 * reference's order, plus its older `~/.asksage_proxy/config.yaml`.
 */
export function configSearchPaths(home: string, cwd: string): string[] {
  return [
    path.join(home, '.config', 'asksage_proxy', 'config.yaml'),
    path.join(cwd, 'config.yaml'),
    path.join(cwd, 'asksage_proxy_config.yaml'),
    path.join(home, '.asksage_proxy', 'config.yaml'),
  ];
}

/** Where first-time setup and `--edit` create the file. */
export function defaultConfigPath(home: string): string {
  return path.join(home, '.config', 'asksage_proxy', 'config.yaml');
}

/** What `findConfigFile` decided. */
export interface ConfigFileLocation {
  /** The file to read, or undefined when none exists. */
  file?: string;
  /** Set when a given path did not exist and the search was used instead. */
  notice?: string;
}

function isFile(candidate: string): boolean {
  return existsSync(candidate) && statSync(candidate).isFile();
}

/**
 * A given path wins when it exists; otherwise (like the reference) the default locations are searched, with a
 * notice so the user knows their path was not used.
 */
export function findConfigFile(options: { given?: string; home: string; cwd: string }): ConfigFileLocation {
  let notice: string | undefined;
  if (options.given !== undefined) {
    const given = path.resolve(options.cwd, options.given);
    if (isFile(given)) return { file: given };
    notice = `Config file ${given} not found; searching the default locations.`;
  }
  const file = configSearchPaths(options.home, options.cwd).find(isFile);
  return file === undefined ? { notice } : { file, notice };
}
