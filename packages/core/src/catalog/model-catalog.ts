import type { Model } from '../types/openai';
import type { ModelEntry } from './model-entry';

/** The set of served models: lookup, aliases, per-key entitlements. */
export interface ModelCatalog {
  /** Resolve an id or alias. Throws `ProxyError('model_not_found')` naming the closest known ids. */
  resolve(requested: string): ModelEntry;
  /** Every entry, in catalog order. */
  entries(): readonly ModelEntry[];
  /** OpenAI `Model` objects for /v1/models. */
  toOpenAIModels(): Model[];
}
