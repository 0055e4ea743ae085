import { ProxyError } from '../errors/proxy-error';
import { assertUniqueModelNames } from './assert-unique-model-names';
import type { ModelCatalog } from './model-catalog';
import type { ModelEntry } from './model-entry';
import type { ModelInfo } from './model-info';
import { suggestModelIds } from './suggest-model-ids';

/** Options of `createModelCatalog`. */
export interface ModelCatalogOptions {
  /** `created` for entries without one (the CLI passes its start time; core has no clock). */
  defaultCreated?: number;
  /** `owned_by` for entries without one. Default `asksage`. */
  defaultOwnedBy?: string;
}

/** `created` when neither the entry nor the options give one: 2024-01-01T00:00:00Z, fixed so output is stable. */
export const fallbackModelCreated = 1_704_067_200;

/** A snapshot date at the end of a model name: `-2024-08-06` or `-20250929`. */
const datedSuffix = /-(?:\d{4}-\d{2}-\d{2}|\d{8})$/;

/**
 * Builds the served-model catalog. Throws an `Error` at startup when ids or aliases collide.
 * `resolve` tries the exact id, then an alias, then a case-insensitive match, then the name without a snapshot date;
 * otherwise it throws `ProxyError('model_not_found')` naming the closest ids.
 */
export function createModelCatalog(entries: ModelEntry[], options: ModelCatalogOptions = {}): ModelCatalog {
  assertUniqueModelNames(entries);
  const frozen: readonly ModelEntry[] = entries.map((entry) => ({ ...entry }));
  const byExactName = new Map<string, ModelEntry>();
  const byFoldedName = new Map<string, ModelEntry>();
  // Ids first, so an id always wins over an alias (uniqueness makes this moot, but the order states intent).
  for (const entry of frozen) byExactName.set(entry.id, entry);
  for (const entry of frozen) for (const alias of entry.aliases ?? []) byExactName.set(alias, entry);
  for (const [name, entry] of byExactName) byFoldedName.set(name.toLowerCase(), entry);

  const describe = (entry: ModelEntry): ModelInfo => ({
    id: entry.id,
    type: entry.type,
    created: entry.created ?? options.defaultCreated ?? fallbackModelCreated,
    ownedBy: entry.owned_by ?? options.defaultOwnedBy ?? 'asksage',
    ...(entry.aliases !== undefined && entry.aliases.length > 0 ? { aliases: entry.aliases } : {}),
  });

  return {
    resolve(requested: string): ModelEntry {
      if (typeof requested !== 'string' || requested.trim() === '') {
        throw new ProxyError('invalid_request', 'You must provide a model: list the models this proxy serves with its models endpoint.', { param: 'model' });
      }
      const found = byExactName.get(requested) ?? byFoldedName.get(requested.toLowerCase());
      if (found !== undefined) return found;
      // OpenAI and Anthropic pin snapshots with a date (gpt-4o-2024-08-06, claude-sonnet-4-5-20250929); AskSage serves
      // the undated model, which is what a client pinning a snapshot gets from this tenant.
      const undated = requested.replace(datedSuffix, '');
      const snapshot = undated === requested ? undefined : (byExactName.get(undated) ?? byFoldedName.get(undated.toLowerCase()));
      if (snapshot !== undefined) return snapshot;
      const suggestions = suggestModelIds(requested, frozen);
      // Echo at most a short prefix: the name comes from the client and could be arbitrarily long.
      const shown = requested.length > 100 ? `${requested.slice(0, 100)}…` : requested;
      const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.map((id) => `'${id}'`).join(', ')}?` : '';
      throw new ProxyError(
        'model_not_found',
        `The model '${shown}' does not exist or is not served by this proxy.${hint} List the models this proxy serves with its models endpoint.`,
        { param: 'model' },
      );
    },
    entries(): readonly ModelEntry[] {
      return frozen;
    },
    describe,
    offered(): ModelInfo[] {
      // A model no configured key may use is known (requests get a 403 naming it) but not offered.
      return frozen.filter((entry) => entry.keys === undefined || entry.keys.length > 0).map(describe);
    },
  };
}
