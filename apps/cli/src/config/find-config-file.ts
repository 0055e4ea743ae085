import { existsSync, readFileSync, statSync } from 'node:fs';
import { load } from 'js-yaml';
import { configKeys } from './config-file-values';
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
 * Whether a file found by the search is this proxy's: a project folder's `config.yaml` is often another tool's (Hydra,
 * an ML experiment), and taking it over would fail with "no API key configured" and hide the setup. A file that does
 * not parse, or is empty, is taken as ours, so its problem is reported rather than skipped.
 */
function isProxyConfig(file: string): boolean {
  let parsed: unknown;
  try {
    parsed = load(readFileSync(file, 'utf8'));
  } catch {
    return true;
  }
  if (parsed === undefined || parsed === null) return true;
  if (typeof parsed !== 'object' || Array.isArray(parsed)) return false;
  return Object.keys(parsed).some((key) => (configKeys as readonly string[]).includes(key));
}

/**
 * A given path wins when it exists; otherwise (like the reference) the default locations are searched, with a
 * notice so the user knows their path was not used. A searched file with none of this proxy's settings is skipped,
 * with a note, and the search goes on.
 */
export function findConfigFile(options: { given?: string; home: string; cwd: string }): ConfigFileLocation {
  const notices: string[] = [];
  if (options.given !== undefined) {
    const given = path.resolve(options.cwd, options.given);
    if (isFile(given)) return { file: given };
    notices.push(`Config file ${given} not found; searching the default locations.`);
  }
  for (const candidate of configSearchPaths(options.home, options.cwd)) {
    if (!isFile(candidate)) continue;
    if (isProxyConfig(candidate)) return notices.length === 0 ? { file: candidate } : { file: candidate, notice: notices.join('\n') };
    notices.push(`Skipped ${candidate}: it has none of asksage-proxy's settings (api_keys, asksage_server_base_url, …), so it looks like another tool's file.`);
  }
  return notices.length === 0 ? {} : { notice: notices.join('\n') };
}
