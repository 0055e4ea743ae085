import type { ResponseStore } from '../../ports/response-store';
import type { ResponsesRequestOptions } from './responses-request-options';
import type { Response } from './responses-wire-types';

/**
 * Keeps a finished response for `previous_response_id`, `item_reference`, `GET` and `DELETE`, unless the request said
 * `store: false` (Codex does: it resends its whole history, and nothing of it should stay in the proxy's memory).
 * The items are the conversation so far plus this response's output, so a continuation needs no other lookup.
 */
export async function storeResponse(store: ResponseStore, response: Response, options: Pick<ResponsesRequestOptions, 'store' | 'items'>, nowMs: number): Promise<void> {
  if (!options.store) return;
  await store.put({ id: response.id, response, items: [...options.items, ...response.output], storedAt: nowMs });
}
