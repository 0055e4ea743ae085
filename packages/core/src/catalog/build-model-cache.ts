import { modelCacheVersion } from './model-cache';
import type { CachedModelEntry, ModelCache } from './model-cache';
import type { ModelEntry } from './model-entry';
import type { ModelValidationResult } from './model-validation';

/**
 * Turns validation results into the cache: each curated model keeps the keys whose check was `ok`
 * (in `keyNames` order); models no key can use go to `unavailable`. `now` is ms since the epoch.
 */
export function buildModelCache(
  curated: readonly ModelEntry[],
  results: readonly ModelValidationResult[],
  keyNames: readonly string[],
  now: number,
): ModelCache {
  const working = new Map<string, Set<string>>();
  for (const result of results) {
    if (result.status !== 'ok') continue;
    const keys = working.get(result.model) ?? new Set<string>();
    keys.add(result.keyName);
    working.set(result.model, keys);
  }
  const models: CachedModelEntry[] = [];
  const unavailable: string[] = [];
  for (const entry of curated) {
    const keys = keyNames.filter((name) => working.get(entry.id)?.has(name) === true);
    if (keys.length === 0) unavailable.push(entry.id);
    else models.push({ ...entry, keys });
  }
  return { version: modelCacheVersion, validated_at: new Date(now).toISOString(), keys: [...keyNames], models, unavailable };
}
