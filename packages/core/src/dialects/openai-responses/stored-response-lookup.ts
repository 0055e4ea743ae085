import { ProxyError } from '../../errors/proxy-error';
import type { ResponseStore } from '../../ports/response-store';

function notFound(id: string): ProxyError {
  return new ProxyError('response_not_found', `Response with id '${id}' not found. Only responses created with store: true are kept, until they expire or are deleted.`, { param: 'response_id' });
}

/** `GET /v1/responses/{id}`: the stored Response object, or a `response_not_found` error that says why it may be missing. */
export async function retrieveStoredResponse(store: ResponseStore | undefined, id: string): Promise<unknown> {
  const entry = await store?.get(id);
  if (entry === undefined) throw notFound(id);
  return entry.response;
}

/** `DELETE /v1/responses/{id}`: removes it and answers OpenAI's deletion object. */
export async function deleteStoredResponse(store: ResponseStore | undefined, id: string): Promise<{ id: string; object: 'response'; deleted: true }> {
  if (store === undefined || !(await store.delete(id))) throw notFound(id);
  return { id, object: 'response', deleted: true };
}
