import type { ModelCatalog } from '../catalog/model-catalog';
import type { KeyPool } from '../key-pool/key-pool';
import type { Clock } from '../ports/clock';
import type { IdGenerator } from '../ports/id-generator';
import type { ImageFetcher } from '../ports/image-fetcher';
import type { Logger } from '../ports/logger';
import type { ProxyObserver } from '../ports/proxy-observer';
import type { RandomSource } from '../ports/random-source';
import type { TokenCounter } from '../ports/token-counter';
import type { UpstreamClient } from '../ports/upstream-client';
import type { FailoverPolicy } from './with-key-failover';

/** Retry policy and AskSage-side choices of `createGateway`. */
export interface GatewayOptions extends FailoverPolicy {
  /**
   * `auto` (default): streamed requests ask AskSage to stream (`streaming: true`) and text reaches the client as it is
   * generated; a model whose streamed text its final reply contradicts falls back to whole replies for the rest of
   * the process. `off`: every stream is synthesized from the whole reply.
   */
  nativeStreaming?: 'auto' | 'off';
  /** Largest image (decoded or downloaded) attached to a query; default 20 MB. Larger ones are refused with 413. */
  maxImageBytes?: number;
  /** Largest document (a PDF, decoded or downloaded) attached to a query; default 32 MB. Larger ones are refused with 413. */
  maxDocumentBytes?: number;
  /** Image downloads in flight at once for one request; default 4. */
  imageFetchConcurrency?: number;
}

/** Everything `createGateway` needs, wired by the composition root. */
export interface GatewayDependencies {
  /** AskSage, as a port. */
  upstream: UpstreamClient;
  /** Downloads images clients pass by `http(s)` URL; without it only data: URLs are accepted. */
  imageFetcher?: ImageFetcher;
  /** The pooled keys and their health. */
  keyPool: KeyPool;
  /** Served models, aliases and entitlements. */
  catalog: ModelCatalog;
  /** Time, for backoff sleeps. */
  clock: Clock;
  /** Jitter of the retry backoff. */
  random: RandomSource;
  /** Tool-call ids AskSage did not send. */
  ids: IdGenerator;
  /** Failovers (warn) and successes (debug), by key name. */
  logger: Logger;
  /** Counts tokens when AskSage sends no usage, and for `countInputTokens`. */
  tokenCounter?: TokenCounter;
  /** Told about every upstream attempt, finished request, first streamed event and token use (metrics, logs). */
  observer?: ProxyObserver;
  /** Retry policy. */
  options?: GatewayOptions;
}
