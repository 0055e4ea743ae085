import type { ModelCatalog } from '../catalog/model-catalog';
import type { ModelEntry } from '../catalog/model-entry';
import { ProxyError } from '../errors/proxy-error';
import type { KeyPool } from '../key-pool/key-pool';

/** A model and the keys that may serve it. */
export interface ModelRoute {
  /** The catalog entry; `entry.id` is the AskSage id (aliases resolved). */
  entry: ModelEntry;
  /** Key names entitled to the model; undefined when every key is. */
  allowed: readonly string[] | undefined;
}

/**
 * Resolves the requested model (aliases included) and the keys entitled to it, before anything is sent upstream,
 * so an unknown or unreachable model is a clean client error rather than a failed upstream call. `type` is what the
 * request needs (`chat` for completions). Throws `invalid_request` (no model, or a model of another type),
 * `model_not_found` (from the catalog, with suggestions) or `model_not_entitled`. Messages name no route: each
 * dialect has its own, and the client knows which one it called.
 */
export function resolveModelRoute(catalog: ModelCatalog, keyPool: KeyPool, requested: unknown, type: ModelEntry['type'] = 'chat'): ModelRoute {
  // The catalog rejects a missing or non-string model itself (invalid_request, param `model`).
  const entry = catalog.resolve(requested as string);
  if (entry.type !== type) {
    throw new ProxyError('invalid_request', `Model "${entry.id}" is ${entry.type === 'embedding' ? 'an embedding' : `a ${entry.type}`} model; this endpoint serves ${type} models only.`, { param: 'model' });
  }
  return { entry, allowed: entitledKeys(keyPool, entry) };
}

/** Configured key names entitled to `entry` (undefined: every key). Throws `model_not_entitled` when none is. */
export function entitledKeys(keyPool: KeyPool, entry: ModelEntry): readonly string[] | undefined {
  if (entry.keys === undefined) return undefined;
  const configured = new Set(keyPool.snapshot().map((status) => status.name));
  const allowed = entry.keys.filter((name) => configured.has(name));
  if (allowed.length === 0) {
    throw new ProxyError(
      'model_not_entitled',
      `No configured AskSage API key may use model "${entry.id}". Use another model from the proxy's model list, ` +
        'or add a key whose AskSage account is entitled to it.',
      { param: 'model' },
    );
  }
  return allowed;
}
