import { isProxyError, ProxyError } from '../errors/proxy-error';
import type { KeyPool, PooledKey } from '../key-pool/key-pool';
import type { AbortSignalLike } from '../ports/abort-signal-like';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { RandomSource } from '../ports/random-source';
import { createNoHealthyKeyError } from './create-no-healthy-key-error';
import { createRequestAbortedError } from './create-request-aborted-error';

/** The fixed collaborators and retry policy of the failover loop. */
export interface FailoverSettings {
  keyPool: KeyPool;
  clock: Clock;
  random: RandomSource;
  logger: Logger;
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
}

/** The retry policy a gateway is configured with; absent values take the defaults. */
export interface FailoverPolicy {
  /** Upstream attempts per request, failovers included. Default 3. */
  maxAttempts?: number;
  /** Ceiling of the first retry's jittered backoff; doubles per retry. Default 100 ms. */
  backoffBaseMs?: number;
  /** Largest backoff ceiling. Default 2000 ms. */
  backoffMaxMs?: number;
}

/** The failover settings of a gateway: its collaborators and its policy with the defaults applied. */
export function createFailoverSettings(deps: Pick<FailoverSettings, 'keyPool' | 'clock' | 'random' | 'logger'>, policy: FailoverPolicy = {}): FailoverSettings {
  return {
    keyPool: deps.keyPool,
    clock: deps.clock,
    random: deps.random,
    logger: deps.logger,
    maxAttempts: Math.max(1, policy.maxAttempts ?? 3),
    backoffBaseMs: policy.backoffBaseMs ?? 100,
    backoffMaxMs: policy.backoffMaxMs ?? 2_000,
  };
}

/** Who is asking, for which model and keys. */
export interface FailoverRequest {
  /** Resolved model id, for logs and messages. */
  model: string;
  /** Entitled key names; undefined means every key. */
  allowed: readonly string[] | undefined;
  /** Correlates log lines. */
  requestId: string;
  /** The caller's cancellation. */
  signal: AbortSignalLike | undefined;
}

/** One try with one key. Rejects with a `ProxyError` whose `isRetryable`/`keyVerdict` steer the loop. */
export type KeyAttempt<T> = (key: PooledKey, attempt: number) => Promise<T>;

/** A successful attempt and the key that made it. */
export interface FailoverResult<T> {
  value: T;
  keyName: string;
}

/**
 * Runs `attempt` with a key from the pool and fails over on retryable errors: each retry waits a full-jitter
 * exponential backoff, then prefers an entitled key this request has not tried; when none is left, a tried key
 * that is still healthy is used again (one key and a transient 503 deserves a second try), while keys the pool
 * took out (invalid, rate limited, open circuit) are never picked, nor are keys AskSage said may not use the
 * model. Every outcome is reported to the pool, except that the caller's own abort is never held against a key.
 * Generic over the attempt: a whole query, or a stream up to its first event (after which failover is impossible).
 * Throws the last upstream error once attempts run out, `no_healthy_key` when no entitled key is usable at all,
 * or `request_aborted`.
 */
export async function withKeyFailover<T>(settings: FailoverSettings, request: FailoverRequest, attempt: KeyAttempt<T>): Promise<FailoverResult<T>> {
  const { keyPool, logger } = settings;
  const { signal, allowed } = request;
  const tried = new Set<string>();
  // Keys never to reuse for this request: AskSage said they may not use the model (retrying cannot help, though
  // they stay healthy), or they already spent a whole timeout on it (one slow request must not wait, and bill,
  // `timeout_seconds` several times on the same key, nor open its circuit on its own).
  const spent = new Set<string>();
  let lastError: ProxyError | undefined;

  for (let number = 1; number <= settings.maxAttempts; number += 1) {
    if (isAborted(signal)) throw createRequestAbortedError(signal?.reason);
    // Pick before waiting: when no key is left, the known error is thrown at once instead of after a backoff.
    const key = keyPool.pick({ allowed, exclude: tried }) ?? keyPool.pick({ allowed, exclude: spent });
    if (key === undefined) {
      // Keys ran out after real failures: the client learns more from the last upstream error than from ours.
      throw lastError ?? createNoHealthyKeyError(keyPool, allowed, request.model, settings.clock.now());
    }
    if (number > 1) {
      try {
        await backoff(settings, number - 1, signal);
      } catch (error) {
        // The key was handed out (a half-open probe slot may be held): give it back without blame.
        keyPool.reportFailure(key.name, toProxyError(error, signal, logger, request.requestId));
        throw error;
      }
    }
    tried.add(key.name);

    const outcome = await attempt(key, number).then(
      (value) => ({ value }),
      (caught: unknown) => ({ error: toProxyError(caught, signal, logger, request.requestId) }),
    );
    if (!('error' in outcome)) {
      keyPool.reportSuccess(key.name);
      // An answer that lands after the caller left is a success for the key, but nobody is waiting for it.
      if (isAborted(signal)) throw createRequestAbortedError(signal?.reason);
      logger.debug('AskSage answered', { requestId: request.requestId, key: key.name, model: request.model, attempt: number });
      return { value: outcome.value, keyName: key.name };
    }
    const error = outcome.error;
    keyPool.reportFailure(key.name, error);
    if (error.code === 'request_aborted') throw error;
    logFailure(logger, request, key, number, error, number < settings.maxAttempts && error.isRetryable);
    if (!error.isRetryable) throw error;
    if (error.code === 'model_not_entitled' || error.code === 'upstream_timeout') spent.add(key.name);
    lastError = error;
  }
  throw lastError ?? createNoHealthyKeyError(keyPool, allowed, request.model, settings.clock.now());
}

/** Full jitter (AWS architecture blog, "Exponential Backoff And Jitter"): spreads retries of concurrent requests. */
async function backoff(settings: FailoverSettings, retry: number, signal: AbortSignalLike | undefined): Promise<void> {
  const ceiling = Math.min(settings.backoffMaxMs, settings.backoffBaseMs * 2 ** (retry - 1));
  const delayMs = Math.floor(settings.random.next() * ceiling);
  try {
    await settings.clock.sleep(delayMs, signal);
  } catch (error) {
    throw createRequestAbortedError(error);
  }
}

/** An abort wins over whatever the upstream threw; anything that is not a ProxyError is a bug, logged in full. */
function toProxyError(caught: unknown, signal: AbortSignalLike | undefined, logger: Logger, requestId: string): ProxyError {
  if (isAborted(signal)) return isProxyError(caught) && caught.code === 'request_aborted' ? caught : createRequestAbortedError(caught);
  if (isProxyError(caught)) return caught;
  logger.error('Upstream client threw an unexpected error', { requestId, error: describeUnknown(caught) });
  return new ProxyError('internal_error', 'The proxy failed while calling AskSage.', { cause: caught });
}

/** Read through a call so TypeScript does not keep an earlier `aborted === false` narrowing across awaits. */
function isAborted(signal: AbortSignalLike | undefined): boolean {
  return signal?.aborted === true;
}

function describeUnknown(value: unknown): string {
  return value instanceof Error ? `${value.name}: ${value.message}` : String(value);
}

function logFailure(
  logger: Logger,
  request: FailoverRequest,
  key: PooledKey,
  attempt: number,
  error: ProxyError,
  willRetry: boolean,
): void {
  logger.warn(willRetry ? 'AskSage call failed; failing over' : 'AskSage call failed', {
    requestId: request.requestId,
    key: key.name,
    model: request.model,
    attempt,
    code: error.code,
    keyVerdict: error.keyVerdict,
    willRetry,
  });
}
