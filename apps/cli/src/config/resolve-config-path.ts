import path from 'node:path';

/**
 * Resolves a path the way the reference documents: `~` is the home folder, a relative path is taken from `base`
 * (the config file's folder for paths written in the file, the working folder for env and flags), and the result
 * is absolute so it means the same thing whatever folder the proxy later runs from.
 */
export function resolveConfigPath(value: string, options: { home: string; base: string }): string {
  if (value === '~') return options.home;
  if (value.startsWith('~/') || value.startsWith('~\\')) return path.join(options.home, value.slice(2));
  return path.resolve(options.base, value);
}
