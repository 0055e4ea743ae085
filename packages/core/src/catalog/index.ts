export type { ModelEntry } from './model-entry';
export type { ModelCatalog } from './model-catalog';
