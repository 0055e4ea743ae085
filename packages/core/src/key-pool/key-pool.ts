import type { ProxyError } from '../errors/proxy-error';
import type { Clock } from '../ports/clock';
import type { KeyHealthStore } from '../ports/key-health-store';
import type { ProxyObserver } from '../ports/proxy-observer';
import type { ApiKeyConfig } from './api-key-config';
import type { InvalidKeyRecheckOptions } from './create-invalid-key-rechecker';
import type { KeyStatus } from './key-status';

/** Construction options of `createKeyPool`. */
export interface KeyPoolOptions {
  /** The configured keys; names must be unique and weights > 0. */
  keys: ApiKeyConfig[];
  /** Source of "now" for cooldowns. */
  clock: Clock;
  /**
   * Health shared with other replicas (outages, failure streaks, probe lease). Default: a fresh
   * `createMemoryKeyHealthStore()`, this pool's alone.
   */
  healthStore?: KeyHealthStore;
  /** This pool's id as a probe-lease holder; pools sharing one `healthStore` need distinct ids. Default `local`. */
  replicaId?: string;
  /**
   * How long a probe lease lasts if its holder never reports back (a replica that died mid-probe); keep it above the
   * upstream timeout. A live pool releases its lease on the probe's report. Default 15 min.
   */
  probeLeaseMs?: number;
  /**
   * Receives `keyStateChanged` for every change this pool makes (key names only). Default: none. For today's log
   * lines pass `createKeyStateLogObserver(logger)`, or the application's combined observer.
   */
  observer?: Pick<ProxyObserver, 'keyStateChanged'>;
  /**
   * How long a key AskSage called invalid stays out at most: with `invalidKeyRecheck` a recheck that AskSage accepts
   * brings it back sooner, and one it rejects starts a new outage. Default 6 h.
   */
  invalidCooldownMs?: number;
  /**
   * Re-check invalid keys with a free authenticated call (`checkApiKey` over the upstream port), started by picks in
   * the background once due. Default: none (an invalid key is out for `invalidCooldownMs`).
   */
  invalidKeyRecheck?: InvalidKeyRecheckOptions;
  /** Cap of a rate-limit cooldown (Retry-After or backoff). Default 60 s. */
  rateLimitDefaultCooldownMs?: number;
  /** First rate-limit backoff when AskSage sends no Retry-After; doubles per consecutive 429. Default 1 s. */
  rateLimitBackoffBaseMs?: number;
  /** Consecutive transient failures that open a key's circuit. Default 3. */
  failureThreshold?: number;
  /** How long an open circuit keeps the key out before one probe is allowed. Default 30 s. */
  circuitCooldownMs?: number;
}

/** A key handed out by the pool. `key` is the secret: send it upstream, never log it. */
export interface PooledKey {
  /** The key's name, safe to log. */
  name: string;
  /** The secret AskSage API key. */
  key: string;
  /** Configured weight. */
  weight: number;
}

/** Options of `KeyPool.pick`. */
export interface KeyPickOptions {
  /** Names of the keys that may be used (the model's entitlement); undefined means every key. */
  allowed?: readonly string[];
  /** Names to skip (keys this request already tried). */
  exclude?: ReadonlySet<string>;
}

/**
 * The pooled AskSage keys with per-key health. Every call that `pick` hands out a key for must end with
 * exactly one `reportSuccess` or `reportFailure` for that key (a half-open key's probe slot is held until then).
 */
export interface KeyPool {
  /** Next key by smooth weighted round robin among healthy keys in `allowed` (names; undefined = all), not in `exclude`. */
  pick(options?: KeyPickOptions): PooledKey | undefined;
  /** Whether `pick` would find a key in `allowed` right now; changes nothing (no round-robin step, no probe slot). */
  hasUsable(allowed?: readonly string[]): boolean;
  /** Hides every configured key, and any 20-character piece of one, in a text bound for a client or a log. */
  redactSecrets(text: string): string;
  /** The call made with this key succeeded: clears its failure streak and closes its circuit. */
  reportSuccess(name: string): void;
  /**
   * The call made with this key failed. Uses `error.keyVerdict` / `retryAfterSeconds`; an error without a verdict
   * (the caller's own abort, an unknown model) is not held against the key and only releases its probe slot.
   */
  reportFailure(name: string, error: ProxyError): void;
  /** ms epoch when the earliest unavailable key (within `allowed`) becomes usable again. */
  nextAvailableAt(allowed?: readonly string[]): number | undefined;
  /** One status per configured key, in configuration order. Never contains a secret. */
  snapshot(): KeyStatus[];
}
