import { validateModelAccess } from '@asksage-proxy/core';
import type { ApiKeyConfig, Logger, ModelCache, ModelValidationResult, UpstreamClient } from '@asksage-proxy/core';
import { createProgressReporter, type ProgressReporter } from './create-progress-reporter';
import { formatValidationTable } from './format-validation-table';
import { readCuratedModels } from './read-curated-models';
import { writeFileAtomically } from './write-file-atomically';

// The use case lives in core; these stay importable from the CLI for existing callers.
export { buildValidationQuery, maxValidationConcurrency } from '@asksage-proxy/core';

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
 * `--refresh-available-models`: reads the curated list, runs core's `validateModelAccess` (get-models per key, then
 * one minimal query per listed pair), prints progress, a model x key table and the tokens spent, and saves the
 * cache atomically with each model's entitled key names. The use case is core's; this is its terminal and file face.
 */
export async function refreshAvailableModels(options: RefreshAvailableModelsOptions): Promise<RefreshReport> {
  const { keys, logger, out } = options;
  if (keys.length === 0) throw new Error('No AskSage key is configured: add one before refreshing the model list.');
  const curated = await readCuratedModels(options.modelsFile, options.shippedDirectory);
  out.write(`Checking ${curated.entries.length} models from ${curated.file} with ${keys.length} key(s)...\n`);
  let progress: ProgressReporter | undefined;
  const report = await validateModelAccess({
    upstream: options.upstream,
    keys,
    models: curated.entries,
    clock: { now: options.now ?? Date.now },
    concurrency: options.concurrency,
    logger,
    onPlanned: (plan) => (progress = createProgressReporter({ out, isTTY: options.isTTY, total: plan.probes.length })),
    onProbed: (result) => progress?.tick(`${result.model} with ${result.keyName}: ${result.status}`),
  });
  progress?.done();

  const { cache, results, tokens, queries } = report;
  const keyNames = keys.map((key) => key.name);
  out.write('\n' + formatValidationTable(curated.entries.map((entry) => entry.id), keyNames, results));
  if (cache.unavailable.length > 0) {
    out.write(`\nNo key can use ${cache.unavailable.length} model(s), left out of the cache: ${cache.unavailable.join(', ')}\n`);
  }
  out.write(`\nValidation sent ${queries} queries and spent ${tokens.modelTokens} model tokens (${tokens.asksageTokens} AskSage tokens).\n`);

  const cacheWritten = cache.models.length > 0;
  if (cacheWritten) {
    await writeFileAtomically(options.cacheFile, JSON.stringify(cache, null, 2) + '\n');
    out.write(`Saved ${cache.models.length} working model(s) to ${options.cacheFile}\n`);
  } else {
    out.write(`No model works with any key, so ${options.cacheFile} was not written; check the keys and the network.\n`);
    logger.error('model validation found no working model; cache not written');
  }
  return { results, unavailable: cache.unavailable, queries, tokens, cacheFile: options.cacheFile, cacheWritten, cache };
}
