import type { ApiKeyConfig } from '@asksage-proxy/core';
import { ConfigError } from './config-error';
import type { ConfigFileApiKey } from './config-file-values';

/**
 * Turns `api_keys` items (bare strings or mappings) into named, weighted keys: names default to `key_1`, `key_2`…
 * by position, weights to 1. Two keys with one name are rejected (names are how logs, `/health` and the model
 * cache tell keys apart); the same key twice only earns a warning, by name.
 */
export function normalizeApiKeys(items: readonly ConfigFileApiKey[], locate: (keyPath: string) => string, warnings: string[]): ApiKeyConfig[] {
  const byName = new Map<string, number>();
  const byKey = new Map<string, string>();
  return items.map((item, index) => {
    const entry = typeof item === 'string' ? { key: item } : item;
    const name = entry.name ?? `key_${index + 1}`;
    const earlier = byName.get(name);
    if (earlier !== undefined) {
      throw new ConfigError(`Invalid configuration:\n  ${locate(`api_keys[${index}].name`)}: duplicate key name "${name}" (api_keys[${earlier}] already uses it); names must be unique`);
    }
    byName.set(name, index);
    const key = entry.key.trim();
    const twin = byKey.get(key);
    if (twin !== undefined) warnings.push(`API key "${name}" is the same key as "${twin}"; it adds no capacity.`);
    byKey.set(key, name);
    return { name, key, weight: entry.weight ?? 1 };
  });
}
