import { isProxyError } from '../errors/proxy-error';
import type { ApiKeyConfig } from '../key-pool/api-key-config';
import type { Clock } from '../ports/clock';
import { silentLogger, type Logger } from '../ports/logger';
import type { UpstreamClient } from '../ports/upstream-client';
import { parseGetModelsIds } from '../asksage/parse-get-models-ids';
import { buildModelCache } from './build-model-cache';
import { buildValidationQuery } from './build-validation-query';
import { classifyValidationReply } from './classify-validation-reply';
import { createConcurrencyLimit } from './create-concurrency-limit';
import type { ModelCache } from './model-cache';
import type { ModelEntry } from './model-entry';
import type { KeyModelListing, ModelValidationPlan, ModelValidationProbe, ModelValidationResult } from './model-validation';
import { planModelValidation } from './plan-model-validation';
import { readReplyTokens } from './read-reply-tokens';

/** Most validation calls in flight at once, whatever `concurrency` asks: validation must not hammer AskSage. */
export const maxValidationConcurrency = 5;

/** Options of `validateModelAccess`. */
export interface ValidateModelAccessOptions {
  /** The AskSage upstream port. */
  upstream: UpstreamClient;
  /** Every configured key; each is checked on its own. */
  keys: readonly ApiKeyConfig[];
  /** The curated models to check, in the order the report and the cache keep. */
  models: readonly ModelEntry[];
  /** `validated_at` of the cache. */
  clock: Pick<Clock, 'now'>;
  /** Calls in flight at once; default and maximum `maxValidationConcurrency`. */
  concurrency?: number;
  /** Diagnostics, by key name only. */
  logger?: Logger;
  /** Called once the get-models listings are in, before any validation query: `plan.probes` are the queries to come. */
  onPlanned?(plan: ModelValidationPlan): void;
  /** Called after each validation query with its verdict. */
  onProbed?(result: ModelValidationResult): void;
}

/** What a validation found and spent. */
export interface ModelAccessReport {
  /** One verdict per curated model per key, curated order then key order. */
  results: ModelValidationResult[];
  /** Validation queries sent. */
  queries: number;
  /** Tokens the validation queries cost, as AskSage reported them (`usage: true`). */
  tokens: { modelTokens: number; asksageTokens: number };
  /** The model cache these verdicts make: each model with the keys that work for it, and the unavailable ones. */
  cache: ModelCache;
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
 * Which configured key may really use which curated model: for every key, asks get-models what the key may use,
 * intersects that with the curated list, then proves each (model, key) pair with one minimal query. A pair counts
 * only when the answer is a real completion, so a bad key or a retired model is never reported as working.
 * Throws when no key is configured. Writes nothing: the caller saves `cache` and shows the report.
 */
export async function validateModelAccess(options: ValidateModelAccessOptions): Promise<ModelAccessReport> {
  const { upstream, keys, models } = options;
  const logger = options.logger ?? silentLogger;
  if (keys.length === 0) throw new Error('No AskSage key is configured: add one before refreshing the model list.');
  const limit = createConcurrencyLimit(Math.max(1, Math.min(options.concurrency ?? maxValidationConcurrency, maxValidationConcurrency)));
  const keyByName = new Map(keys.map((key) => [key.name, key]));

  const listings = await Promise.all(keys.map((key) => limit(() => listModelsForKey(upstream, key, logger))));
  const plan = planModelValidation(models, listings);
  options.onPlanned?.(plan);

  const tokens = { modelTokens: 0, asksageTokens: 0 };
  const probe = async ({ model, keyName }: ModelValidationProbe): Promise<ModelValidationResult> => {
    const apiKey = (keyByName.get(keyName) as ApiKeyConfig).key;
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
    options.onProbed?.(result);
    return result;
  };
  const probed = await Promise.all(plan.probes.map((item) => limit(() => probe(item))));

  const keyNames = keys.map((key) => key.name);
  const verdicts = new Map([...plan.settled, ...probed].map((result) => [`${result.model}\u0000${result.keyName}`, result]));
  const results = models.flatMap((entry) => keyNames.map((keyName) => verdicts.get(`${entry.id}\u0000${keyName}`) as ModelValidationResult));
  const cache = buildModelCache(models, results, keyNames, options.clock.now());
  return { results, queries: plan.probes.length, tokens, cache };
}
