import { ProxyError } from '../../errors/proxy-error';
import type { ResponseStore } from '../../ports/response-store';
import type { LocatedItem } from './convert-input-items';
import { responseIdOfItem } from './response-item-ids';

/** The conversation a request continues or references, made explicit. */
export interface ResolvedInput {
  /** Every item the model must see, in order, with where each came from. */
  located: LocatedItem[];
}

function findItem(items: unknown[], id: string): Record<string, unknown> | undefined {
  return items.find((item) => (item as { id?: unknown } | null)?.id === id) as Record<string, unknown> | undefined;
}

async function readPrevious(store: ResponseStore, id: unknown): Promise<unknown[]> {
  if (id === undefined || id === null) return [];
  if (typeof id !== 'string' || id === '') {
    throw new ProxyError('invalid_request', 'previous_response_id must be a response id (resp_…).', { param: 'previous_response_id' });
  }
  const previous = await store.get(id);
  if (previous === undefined) {
    throw new ProxyError('response_not_found', `Previous response with id '${id}' not found. It was stored with store: false, has expired or was deleted, or another proxy instance answered it; send the whole conversation in input instead.`, { param: 'previous_response_id' });
  }
  return previous.items;
}

async function resolveReference(store: ResponseStore, carried: unknown[], id: unknown, path: string): Promise<Record<string, unknown>> {
  if (typeof id !== 'string' || id === '') throw new ProxyError('invalid_request', `${path}.id must be an item id.`, { param: `${path}.id` });
  const local = findItem(carried, id);
  if (local) return local;
  const owner = responseIdOfItem(id);
  const stored = owner === undefined ? undefined : await store.get(owner);
  const found = stored === undefined ? undefined : findItem(stored.items, id);
  if (!found) {
    throw new ProxyError('response_not_found', `Item with id '${id}' not found. Only output items of responses this proxy stored (store: true) can be referenced, until they expire; send the item itself instead.`, { param: `${path}.id` });
  }
  return found;
}

/**
 * `previous_response_id` and `input` -> the whole item list. The previous response's items (its inputs and outputs)
 * come first; each `item_reference` is replaced by the stored item it names. A string input is one user message.
 */
export async function resolveInputItems(body: Record<string, unknown>, store: ResponseStore): Promise<ResolvedInput> {
  const carried = await readPrevious(store, body.previous_response_id);
  const located: LocatedItem[] = carried.map((item) => ({ item: item as Record<string, unknown>, path: 'previous_response_id' }));
  const { input } = body;
  if (typeof input === 'string') {
    located.push({ item: { type: 'message', role: 'user', content: input }, path: 'input' });
    return { located };
  }
  if (input === undefined || input === null) return { located };
  if (!Array.isArray(input)) throw new ProxyError('invalid_request', 'input must be a string or an array of input items.', { param: 'input' });
  for (const [index, entry] of input.entries()) {
    const path = `input[${index}]`;
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) throw new ProxyError('invalid_request', `${path} must be an input item object.`, { param: path });
    const item = entry as Record<string, unknown>;
    const isReference = item.type === 'item_reference' || (item.type === undefined && item.role === undefined && typeof item.id === 'string');
    located.push({ item: isReference ? await resolveReference(store, carried, item.id, path) : item, path });
  }
  return { located };
}
