export type { ModelEntry } from './model-entry';
export type { ModelCatalog } from './model-catalog';
export { createModelCatalog, fallbackModelCreated } from './create-model-catalog';
export type { ModelCatalogOptions } from './create-model-catalog';
export { parseModelEntries } from './parse-model-entries';
export { assertUniqueModelNames } from './assert-unique-model-names';
export { suggestModelIds, normalizeModelName } from './suggest-model-ids';
export type { SuggestModelIdsOptions } from './suggest-model-ids';
export { damerauLevenshteinDistance } from './damerau-levenshtein-distance';
export type {
  ModelValidationStatus,
  ModelValidationProbe,
  ModelValidationResult,
  KeyModelListing,
  ModelValidationPlan,
} from './model-validation';
export { planModelValidation } from './plan-model-validation';
export { classifyValidationReply } from './classify-validation-reply';
export { readReplyTokens } from './read-reply-tokens';
export type { ReplyTokens } from './read-reply-tokens';
export { modelCacheVersion } from './model-cache';
export type { ModelCache, CachedModelEntry } from './model-cache';
export { buildModelCache } from './build-model-cache';
export { parseModelCache } from './parse-model-cache';
export type { ModelInfo } from './model-info';
export { validateModelAccess, maxValidationConcurrency } from './validate-model-access';
export type { ValidateModelAccessOptions, ModelAccessReport } from './validate-model-access';
export { buildValidationQuery } from './build-validation-query';
