import type { ModelEntry } from './model-entry';
import type { KeyModelListing, ModelValidationPlan } from './model-validation';

/**
 * Intersects the curated list with what `get-models` lists for each key, so only pairs that can work cost a
 * query. A key whose listing failed gets that failure for every curated model (a bad key yields `denied`
 * everywhere rather than fake successes); a model the key's listing omits is `denied` without a query.
 * Embedding entries are not probed with a chat query: a key whose listing worked is taken to reach them.
 */
export function planModelValidation(curated: readonly ModelEntry[], listings: readonly KeyModelListing[]): ModelValidationPlan {
  const plan: ModelValidationPlan = { probes: [], settled: [] };
  const listed = listings.map((listing) => (listing.models === undefined ? undefined : new Set(listing.models)));
  for (const entry of curated) {
    listings.forEach((listing, index) => {
      const ids = listed[index];
      if (ids === undefined) {
        plan.settled.push({ model: entry.id, keyName: listing.keyName, status: listing.failure ?? 'error', detail: listing.detail ?? 'get-models failed' });
      } else if (entry.type === 'embedding') {
        // Embeddings live on AskSage's OpenAI-compatible surface, which get-models may not list; a chat query cannot
        // test them, and an embeddings call would spend training tokens. A working key is taken to reach them.
        plan.settled.push({ model: entry.id, keyName: listing.keyName, status: 'ok', detail: ids.has(entry.id) ? 'listed by get-models (embedding, not queried)' : 'embedding on the OpenAI-compatible surface (not queried)' });
      } else if (!ids.has(entry.id)) {
        plan.settled.push({ model: entry.id, keyName: listing.keyName, status: 'denied', detail: 'not listed by get-models for this key' });
      } else {
        plan.probes.push({ model: entry.id, keyName: listing.keyName });
      }
    });
  }
  return plan;
}
