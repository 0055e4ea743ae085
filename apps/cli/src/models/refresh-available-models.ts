import pLimit from 'p-limit';
import {
  buildModelCache,
  classifyValidationReply,
  isProxyError,
  parseGetModelsIds,
  planModelValidation,
  readReplyTokens,
} from '@asksage-proxy/core';
import type {
  ApiKeyConfig,
  AskSageQuery,
  KeyModelListing,
  Logger,
  ModelCache,
  ModelValidationProbe,
  ModelValidationResult,
  UpstreamClient,
} from '@asksage-proxy/core';
import { createProgressReporter } from './create-progress-reporter';
import { formatValidationTable } from './format-validation-table';
import { readCuratedModels } from './read-curated-models';
import { writeFileAtomically } from './write-file-atomically';

/** Most validation queries in flight at once, whatever `concurrency` asks: validation must not hammer AskSage. */
export const maxValidationConcurrency = 5;

/** Options of `refreshAvailableModels`. */
export interface RefreshAvailableModelsOptions {
  /** The AskSage adapter. */
  upstream: UpstreamClient;
  /** Every configured key; each is checked on its own. */
  keys: ApiKeyConfig[];
  /** The user's curated list (config `models_file`); defaults to the shipped one. */
  modelsFile?: string;
  /** Where to save the validated cache. */
  cacheFile: string;
  /** Diagnostics (never keys). */
  logger: Logger;
  /** Where the progress, the table and the summary go. */
  out: NodeJS.WritableStream;
  /** Draw a one-line progress bar instead of one line per check. */
  isTTY: boolean;
  /** Validation queries in flight at once; default and maximum 5. */
  concurrency?: number;
  /** Where to look for the shipped list; defaults to this module's folder. For tests. */
  shippedDirectory?: string;
  /** Current time (ms since the epoch) for `validated_at`; defaults to `Date.now`. */
  now?: () => number;
}

/** What a refresh found and spent. */
export interface RefreshReport {
  /** One verdict per curated model per key, curated order then key order. */
  results: ModelValidationResult[];
  /** Curated ids no key can use (left out of the cache). */
  unavailable: string[];
  /** Validation queries sent. */
  queries: number;
  /** Tokens the validation queries cost, as AskSage reported them (`usage: true`). */
  tokens: { modelTokens: number; asksageTokens: number };
  /** The cache file. */
  cacheFile: string;
  /** False when nothing validated, so the previous cache (if any) was left alone. */
  cacheWritten: boolean;
  /** The cache content written (or that would have been). */
  cache: ModelCache;
}

/**
 * The cheapest query that proves a model answers for a key: a `system_prompt` replaces the default persona
 * (about 780 prompt tokens otherwise, protocol doc §2.2), no dataset, no web, no retrieval, one word back, and
 * `usage: true` so the real cost is reported.
 */
export function buildValidationQuery(model: string): AskSageQuery {
  return {
    message: 'Hi',
    model,
    system_prompt: 'Reply with one word.',
    dataset: 'none',
    live: 0,
    limit_references: 0,
    temperature: 0,
    usage: true,
  };
}

function errorCode(error: unknown): string {
  return isProxyError(error) ? error.code : 'unexpected_error';
}

async function listModelsForKey(upstream: UpstreamClient, key: ApiKeyConfig, logger: Logger): Promise<KeyModelListing> {
  try {
    const body = await upstream.getModels({ apiKey: key.key });
    return { keyName: key.name, models: parseGetModelsIds(body) };
  } catch (error) {
    // "Token is invalid" on get-models: the key is bad, so every model is denied for it, with no query spent.
    const status = classifyValidationReply(error);
    logger.warn(`get-models failed for key ${key.name}: ${errorCode(error)}`);
    return { keyName: key.name, failure: status === 'denied' ? 'denied' : 'error', detail: errorCode(error) };
  }
}

/**
 * `--refresh-available-models`: for every key, asks get-models what the key may use, intersects that with the
 * curated list, then proves each (model, key) pair with one minimal query. A pair counts only when the answer is
 * a real completion, so a bad key or a retired model is never reported as working. Prints a model x key table
 * and the tokens spent, and saves the cache atomically with each model's entitled key names.
 */
export async function refreshAvailableModels(options: RefreshAvailableModelsOptions): Promise<RefreshReport> {
  const { upstream, keys, logger, out } = options;
  if (keys.length === 0) throw new Error('No AskSage key is configured: add one before refreshing the model list.');
  const curated = await readCuratedModels(options.modelsFile, options.shippedDirectory);
  const limit = pLimit(Math.max(1, Math.min(options.concurrency ?? maxValidationConcurrency, maxValidationConcurrency)));
  const keyByName = new Map(keys.map((key) => [key.name, key]));

  out.write(`Checking ${curated.entries.length} models from ${curated.file} with ${keys.length} key(s)...\n`);
  const listings = await Promise.all(keys.map((key) => limit(() => listModelsForKey(upstream, key, logger))));
  const plan = planModelValidation(curated.entries, listings);

  const progress = createProgressReporter({ out, isTTY: options.isTTY, total: plan.probes.length });
  const tokens = { modelTokens: 0, asksageTokens: 0 };
  const probe = async ({ model, keyName }: ModelValidationProbe): Promise<ModelValidationResult> => {
    const apiKey = keyByName.get(keyName)!.key;
    let result: ModelValidationResult;
    try {
      const body = await upstream.query(buildValidationQuery(model), { apiKey });
      const spent = readReplyTokens(body);
      tokens.modelTokens += spent.modelTokens;
      tokens.asksageTokens += spent.asksageTokens;
      result = { model, keyName, status: classifyValidationReply(body) };
    } catch (error) {
      result = { model, keyName, status: classifyValidationReply(error), detail: errorCode(error) };
    }
    logger.debug('model validation', { model, key: keyName, status: result.status, detail: result.detail });
    progress.tick(`${model} with ${keyName}: ${result.status}`);
    return result;
  };
  const probed = await Promise.all(plan.probes.map((item) => limit(() => probe(item))));
  progress.done();

  const keyNames = keys.map((key) => key.name);
  const verdicts = new Map([...plan.settled, ...probed].map((result) => [`${result.model}\u0000${result.keyName}`, result]));
  const results = curated.entries.flatMap((entry) => keyNames.map((keyName) => verdicts.get(`${entry.id}\u0000${keyName}`)!));
  const now = (options.now ?? Date.now)();
  const cache = buildModelCache(curated.entries, results, keyNames, now);

  out.write('\n' + formatValidationTable(curated.entries.map((entry) => entry.id), keyNames, results));
  if (cache.unavailable.length > 0) {
    out.write(`\nNo key can use ${cache.unavailable.length} model(s), left out of the cache: ${cache.unavailable.join(', ')}\n`);
  }
  out.write(
    `\nValidation sent ${plan.probes.length} queries and spent ${tokens.modelTokens} model tokens` +
      ` (${tokens.asksageTokens} AskSage tokens).\n`,
  );

  const cacheWritten = cache.models.length > 0;
  if (cacheWritten) {
    await writeFileAtomically(options.cacheFile, JSON.stringify(cache, null, 2) + '\n');
    out.write(`Saved ${cache.models.length} working model(s) to ${options.cacheFile}\n`);
  } else {
    out.write(`No model works with any key, so ${options.cacheFile} was not written; check the keys and the network.\n`);
    logger.error('model validation found no working model; cache not written');
  }
  return { results, unavailable: cache.unavailable, queries: plan.probes.length, tokens, cacheFile: options.cacheFile, cacheWritten, cache };
}
