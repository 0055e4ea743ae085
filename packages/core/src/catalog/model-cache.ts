import type { ModelEntry } from './model-entry';

/** Schema version of the validated cache file; bump when the shape changes (older files are then ignored). */
export const modelCacheVersion = 1;

/** A cached model: a curated entry plus the names of the keys that passed validation for it. */
export interface CachedModelEntry extends ModelEntry {
  /** Names of keys entitled to this model (non-empty). */
  keys: string[];
}

/** The validated cache `~/.config/asksage_proxy/available_models.json`, written by `--refresh-available-models`. */
export interface ModelCache {
  /** Always `modelCacheVersion`. */
  version: typeof modelCacheVersion;
  /** When validation ran, ISO 8601. */
  validated_at: string;
  /** Names of the keys that were checked (no secrets). */
  keys: string[];
  /** Models at least one key can use, in curated order. */
  models: CachedModelEntry[];
  /** Curated ids no key could use (for the record; never served). */
  unavailable: string[];
}
