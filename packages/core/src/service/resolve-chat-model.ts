import type { ModelCatalog } from '../catalog/model-catalog';
import type { ModelEntry } from '../catalog/model-entry';
import { ProxyError } from '../errors/proxy-error';
import type { KeyPool } from '../key-pool/key-pool';

/** A chat model and the keys that may serve it. */
export interface ChatModelRoute {
  /** The catalog entry; `entry.id` is the AskSage id (aliases resolved). */
  entry: ModelEntry;
  /** Key names entitled to the model; undefined when every key is. */
  allowed: readonly string[] | undefined;
}

/**
 * Resolves the requested model (aliases included) and the keys entitled to it, before anything is sent upstream,
 * so an unknown or unreachable model is a clean client error rather than a failed upstream call.
 * Throws `invalid_request` (no model, or not a chat model), `model_not_found` (from the catalog, with suggestions)
 * or `model_not_entitled`.
 */
export function resolveChatModel(catalog: ModelCatalog, keyPool: KeyPool, requested: unknown): ChatModelRoute {
  // The catalog rejects a missing or non-string model itself (invalid_request, param `model`).
  const entry = catalog.resolve(requested as string);
  if (entry.type !== 'chat') {
    throw new ProxyError(
      'invalid_request',
      `Model "${entry.id}" is an ${entry.type} model; /v1/chat/completions serves chat models only.`,
      { param: 'model' },
    );
  }
  if (entry.keys === undefined) return { entry, allowed: undefined };
  const configured = new Set(keyPool.snapshot().map((status) => status.name));
  const allowed = entry.keys.filter((name) => configured.has(name));
  if (allowed.length === 0) {
    throw new ProxyError(
      'model_not_entitled',
      `No configured AskSage API key may use model "${entry.id}". Use another model from GET /v1/models, ` +
        'or add a key whose AskSage account is entitled to it.',
      { param: 'model' },
    );
  }
  return { entry, allowed };
}
