import type { ServerResponse } from 'node:http';
import { buildFullModelEntry } from './build-full-model-entry';
import type { SimulatorState } from './create-simulator-state';
import { sendJson, sendText } from './send-json';

/**
 * `GET|POST /server/get-models`: no token -> the whole catalog; a valid token -> the key's entitled models;
 * a bad token -> "Token is invalid [2]" (protocol doc §1.2, §4.1). `?format=full` -> enriched objects.
 * Bodies are serialized once per key and format.
 */
export function handleGetModels(state: SimulatorState, accessToken: string | undefined, format: string | undefined, response: ServerResponse): void {
  let entitled: ReadonlySet<string> | undefined;
  let cacheKey = 'all';
  if (accessToken !== undefined && accessToken !== '') {
    const authentication = state.authenticate(accessToken);
    if (!authentication.ok) {
      sendJson(response, 200, { response: `Token is invalid [${authentication.reason}]`, status: 400 });
      return;
    }
    entitled = authentication.key.entitled;
    if (entitled) cacheKey = `key-${authentication.key.index}`;
  }
  const full = format === 'full';
  cacheKey = `get-models:${full ? 'full' : 'default'}:${cacheKey}`;
  let text = state.bodyCache.get(cacheKey);
  if (text === undefined) {
    const ids = entitled ? state.models.filter((id) => entitled.has(id)) : [...state.models];
    text = `${JSON.stringify(full ? buildFullBody(state, ids) : buildDefaultBody(ids))}\n`;
    state.bodyCache.set(cacheKey, text);
  }
  sendText(response, 200, text, 'application/json');
}

/** The recorded default shape: `data[]` objects and `response[]` ids, keys sorted (get-models-default.json). */
function buildDefaultBody(ids: string[]): unknown {
  return {
    data: ids.map((id) => ({ created: 'na', id, name: id, object: 'model', owned_by: 'organization-owner' })),
    object: 'list',
    response: ids,
    status: 200,
  };
}

/** A bare array on api.asksage.ai; the spec's object form (identical `data`/`response`) behind an option. */
function buildFullBody(state: SimulatorState, ids: string[]): unknown {
  const entries = ids.map((id) => buildFullModelEntry(id));
  return state.fullModelsShape === 'array' ? entries : { data: entries, response: entries, status: 200 };
}
