import path from 'node:path';

/**
 * Where `--refresh-available-models` stores the validated model list: `~/.config/asksage_proxy/available_models.json`,
 * the reference proxy's location, so users migrating from it know where to look.
 */
export function defaultCacheFile(home: string): string {
  return path.join(home, '.config', 'asksage_proxy', 'available_models.json');
}
