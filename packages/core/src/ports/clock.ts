import type { AbortSignalLike } from './abort-signal-like';

/** Time enters core only through this port, so the key pool and backoff are deterministic in tests. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Resolves after `ms`; rejects (with the signal's reason) if `signal` fires first. */
  sleep(ms: number, signal?: AbortSignalLike): Promise<void>;
}
