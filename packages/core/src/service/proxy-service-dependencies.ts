import type { ModelCatalog } from '../catalog/model-catalog';
import type { KeyPool } from '../key-pool/key-pool';
import type { Clock } from '../ports/clock';
import type { IdGenerator } from '../ports/id-generator';
import type { Logger } from '../ports/logger';
import type { RandomSource } from '../ports/random-source';
import type { TokenCounter } from '../ports/token-counter';
import type { UpstreamClient } from '../ports/upstream-client';

/** Retry policy of `createProxyService`. */
export interface ProxyServiceOptions {
  /** Upstream attempts per request, failovers included. Default 3. */
  maxAttempts?: number;
  /** Ceiling of the first retry's jittered backoff; doubles per retry. Default 100 ms. */
  backoffBaseMs?: number;
  /** Largest backoff ceiling. Default 2000 ms. */
  backoffMaxMs?: number;
}

/** Everything `createProxyService` needs, wired by the composition root. */
export interface ProxyServiceDependencies {
  /** AskSage, as a port. */
  upstream: UpstreamClient;
  /** The pooled keys and their health. */
  keyPool: KeyPool;
  /** Served models, aliases and entitlements. */
  catalog: ModelCatalog;
  /** Time, for `created` and backoff sleeps. */
  clock: Clock;
  /** Jitter of the retry backoff. */
  random: RandomSource;
  /** Completion and tool-call ids. */
  ids: IdGenerator;
  /** Failovers (warn) and successes (debug), by key name. */
  logger: Logger;
  /** Counts tokens when AskSage sends no usage. */
  tokenCounter?: TokenCounter;
  /** Retry policy. */
  options?: ProxyServiceOptions;
}
