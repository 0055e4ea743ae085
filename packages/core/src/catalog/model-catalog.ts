import type { ModelEntry } from './model-entry';
import type { ModelInfo } from './model-info';

/** The set of served models: lookup, aliases, per-key entitlements. */
export interface ModelCatalog {
  /** Resolve an id or alias. Throws `ProxyError('model_not_found')` naming the closest known ids. */
  resolve(requested: string): ModelEntry;
  /** Every entry, in catalog order. */
  entries(): readonly ModelEntry[];
  /** The neutral description of one entry (each dialect renders its own model shape). */
  describe(entry: ModelEntry): ModelInfo;
  /** Models offered to clients: every entry some configured key may use, in catalog order. */
  offered(): ModelInfo[];
}
