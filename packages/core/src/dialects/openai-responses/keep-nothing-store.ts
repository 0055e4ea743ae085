import type { ResponseStore } from '../../ports/response-store';

/**
 * Stands in when the composition root wired no `ResponseStore`: every response is treated as `store: false`, and a
 * `previous_response_id` or `item_reference` is not found (with the same 404 that names the id).
 */
export const keepNothingStore: ResponseStore = {
  put: () => Promise.resolve(),
  get: () => Promise.resolve(undefined),
  delete: () => Promise.resolve(false),
};
