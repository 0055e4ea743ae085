import { modelCacheVersion } from './model-cache';
import type { CachedModelEntry, ModelCache } from './model-cache';
import { parseModelEntries } from './parse-model-entries';

/**
 * Validates a parsed cache file. Throws an `Error` saying what is wrong (the caller warns and falls back to the
 * curated list): wrong version, missing `validated_at`, entries without `keys`, or no models at all.
 */
export function parseModelCache(json: unknown, source: string): ModelCache {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error(`${source}: not a model cache object`);
  const record = json as Record<string, unknown>;
  if (record.version !== modelCacheVersion) {
    throw new Error(`${source}: cache version ${String(record.version)} is not ${modelCacheVersion}`);
  }
  const validatedAt = record.validated_at;
  if (typeof validatedAt !== 'string' || Number.isNaN(Date.parse(validatedAt))) {
    throw new Error(`${source}: validated_at must be an ISO timestamp`);
  }
  const models = parseModelEntries({ models: record.models }, source);
  if (models.length === 0) throw new Error(`${source}: the cache lists no usable model`);
  const cached = models.map((entry): CachedModelEntry => {
    if (entry.keys === undefined || entry.keys.length === 0) throw new Error(`${source}: model ${entry.id} has no keys`);
    return { ...entry, keys: entry.keys };
  });
  const stringList = (value: unknown): string[] =>
    Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  return { version: modelCacheVersion, validated_at: validatedAt, keys: stringList(record.keys), models: cached, unavailable: stringList(record.unavailable) };
}
