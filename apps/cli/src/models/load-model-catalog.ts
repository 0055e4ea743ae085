import { readFile } from 'node:fs/promises';
import { assertUniqueModelNames, parseModelCache } from '@asksage-proxy/core';
import type { Logger, ModelCache, ModelEntry } from '@asksage-proxy/core';
import { readCuratedModels } from './read-curated-models';

/** After this age the validated cache earns a one-line hint to refresh it. */
export const modelCacheMaxAgeMs = 30 * 24 * 60 * 60 * 1000;

/** Options of `loadModelCatalog`. */
export interface LoadModelCatalogOptions {
  /** The user's own curated list (config key `models_file`); defaults to the shipped list. */
  modelsFile?: string;
  /** The validated cache written by `--refresh-available-models`. */
  cacheFile: string;
  /** Receives the stale-cache hint and the corrupt-cache warning. */
  logger: Logger;
  /** Current time, ms since the epoch (for the cache age). */
  now: number;
  /** Where to look for the shipped list; defaults to this module's folder. For tests. */
  shippedDirectory?: string;
  /**
   * Names of the configured keys. When given and not exactly the cache's `keys`, the cache is not used: its
   * entitlements name keys that do not exist (a renamed key, `key_1` from ASKSAGE_PROXY_API_KEY, a legacy
   * `api_key`), so every model would route to nobody and every request would get a 403.
   */
  keyNames?: readonly string[];
  /** How to name `models_file` in errors (`models_file (in /path/config.yaml)` or its variable). */
  modelsFileSetting?: string;
}

/** What `loadModelCatalog` found. */
export interface LoadedModelCatalog {
  /** Entries for `createModelCatalog`; from the cache they carry `keys` (the entitled key names). */
  entries: ModelEntry[];
  /** Human-readable origin, e.g. `validated cache /home/me/.config/asksage_proxy/available_models.json`. */
  source: string;
}

async function readCache(cacheFile: string, logger: Logger): Promise<ModelCache | undefined> {
  let text: string;
  try {
    text = await readFile(cacheFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    logger.warn(`Cannot read the model cache ${cacheFile} (${(error as Error).message}); using the curated list.`);
    return undefined;
  }
  try {
    const cache = parseModelCache(JSON.parse(text) as unknown, cacheFile);
    assertUniqueModelNames(cache.models);
    return cache;
  } catch (error) {
    logger.warn(
      `Ignoring the corrupt model cache ${cacheFile} (${(error as Error).message}); using the curated list. ` +
        'Run asksage-proxy --refresh-available-models to rebuild it.',
    );
    return undefined;
  }
}

/**
 * Picks the models to serve at startup without a single upstream call (the validation queries cost tokens,
 * so they run only on `--refresh-available-models`): the validated cache when present and sound, else the curated
 * list (`modelsFile` or the shipped one). A corrupt cache, or one validated for other key names than
 * `keyNames`, is warned about and skipped, never fatal; a broken `modelsFile` throws a ConfigError, since it is
 * the user's configuration.
 */
export async function loadModelCatalog(options: LoadModelCatalogOptions): Promise<LoadedModelCatalog> {
  const cache = await readCache(options.cacheFile, options.logger);
  if (cache !== undefined && keysMatch(cache, options)) {
    const validatedAt = Date.parse(cache.validated_at);
    if (options.now - validatedAt > modelCacheMaxAgeMs) {
      const days = Math.floor((options.now - validatedAt) / (24 * 60 * 60 * 1000));
      options.logger.warn(`The model list was validated ${days} days ago; run asksage-proxy --refresh-available-models to re-check it.`);
    }
    return { entries: await withUnavailable(cache, options), source: `validated cache ${options.cacheFile} (${cache.validated_at})` };
  }
  const curated = await readCuratedModels(options.modelsFile, options.shippedDirectory, options.modelsFileSetting);
  const label = curated.origin === 'models_file' ? 'models_file' : 'shipped list';
  return { entries: curated.entries, source: `${label} ${curated.file} (not validated: asksage-proxy --refresh-available-models checks which your keys may use)` };
}

function quoted(names: readonly string[]): string {
  return names.map((name) => `"${name}"`).join(', ');
}

/** True when the cache was validated for exactly the configured key names; else warns once, naming the difference. */
function keysMatch(cache: ModelCache, options: LoadModelCatalogOptions): boolean {
  if (options.keyNames === undefined) return true;
  const configured = new Set(options.keyNames);
  const cached = new Set(cache.keys);
  const notValidated = [...configured].filter((name) => !cached.has(name));
  const gone = [...cached].filter((name) => !configured.has(name));
  if (notValidated.length === 0 && gone.length === 0) return true;
  const differences = [
    ...(notValidated.length > 0 ? [`configured but not in the cache: ${quoted(notValidated)}`] : []),
    ...(gone.length > 0 ? [`in the cache but not configured: ${quoted(gone)}`] : []),
  ];
  options.logger.warn(
    `The model cache ${options.cacheFile} was validated for other key names (${differences.join('; ')}); ` +
      'serving the curated list without per-key entitlements instead. Run asksage-proxy --refresh-available-models to re-validate.',
  );
  return false;
}

/**
 * Models the refresh found no key may use stay known, with no entitled key, so a request for one gets a 403
 * naming the model rather than a 404 claiming it does not exist. Their aliases come from the curated list.
 */
async function withUnavailable(cache: ModelCache, options: LoadModelCatalogOptions): Promise<ModelEntry[]> {
  if (cache.unavailable.length === 0) return cache.models;
  const known = new Set(cache.models.map((entry) => entry.id));
  let curated: ModelEntry[] = [];
  try {
    curated = (await readCuratedModels(options.modelsFile, options.shippedDirectory)).entries;
  } catch {
    // The cache alone is enough to serve; unavailable models then resolve by id only (a broken models_file
    // stops startup only when the curated list is what is served).
  }
  const byId = new Map(curated.map((entry) => [entry.id, entry]));
  const unavailable = cache.unavailable
    .filter((id) => !known.has(id))
    .map((id): ModelEntry => ({ ...(byId.get(id) ?? { id, type: 'chat' as const }), keys: [] }));
  return [...cache.models, ...unavailable];
}
