/** Why a key is out of rotation, and until when (ms epoch). */
export interface KeyOutage {
  /** `invalid`: AskSage rejected the key; `cooling_down`: rate limited; `circuit_open`: repeated failures. */
  readonly kind: 'invalid' | 'cooling_down' | 'circuit_open';
  /** When the outage ends. An ended `circuit_open` outage means half-open (one probe may go), not healthy. */
  readonly until: number;
}

/** The right to send the one probe request through a key's open or half-open circuit. */
export interface KeyProbeLease {
  /** Who holds it: a key pool (one per replica) passes its own id. */
  readonly holder: string;
  /** When the lease lapses by itself (ms epoch), so a replica that died while probing cannot block the key. */
  readonly until: number;
}

/** A key's health as every replica must see it. Immutable: a change produces a new object. */
export interface KeyHealth {
  /** The current or last outage; absent when the key was never taken out or its circuit was closed. */
  readonly outage?: KeyOutage;
  /** Transient failures since the last success (the circuit breaker's count). */
  readonly consecutiveFailures: number;
  /** Rate-limit replies since the last success (the exponent of the backoff when AskSage sends no Retry-After). */
  readonly rateLimitStreak: number;
  /** The probe lease, while someone holds one (it may have lapsed: compare `until` with now). */
  readonly probe?: KeyProbeLease;
}

/**
 * The part of the key pool's state that several replicas must share: outages (invalid marks, rate-limit cooldowns,
 * open circuits), failure streaks and the probe lease. The smooth weighted round robin score and the request counters
 * stay in each process's pool; they need no sharing. Keys are identified by their configured name only (never the
 * secret), so a store shared by different deployments must namespace its entries.
 *
 * Synchronous by design: the pool picks a key on every request without awaiting anything. Every member reads and
 * changes a *local view* that the implementation keeps current: the in-memory store (`createMemoryKeyHealthStore`,
 * the default) is its own truth; a shared store (Redis) applies each change to its local view before returning, so
 * this replica's next pick sees it, writes it through atomically (a script per method), and keeps the view fresh
 * from the other replicas' changes (pub/sub) before their next pick of that key. A shared store must never throw
 * because its backend is unreachable: it keeps serving its local view and resyncs later.
 *
 * Every change takes the time as an argument (`now`, ms epoch from the caller's Clock): a store has no clock.
 * Contract: `describeKeyHealthStoreContract` in `@asksage-proxy/core/testing`.
 */
export interface KeyHealthStore {
  /** The key's health in the local view; a key never reported reads as healthy with zero streaks. Never throws. */
  read(name: string): KeyHealth;
  /** Adds one transient failure to the key's streak; returns the streak after this one. */
  addFailure(name: string): number;
  /** Adds one rate-limit reply to the key's streak; returns the streak after this one. */
  addRateLimit(name: string): number;
  /**
   * A call with the key succeeded: both streaks return to 0, and a `circuit_open` outage (open or half-open) ends,
   * dropping any probe lease with it. `invalid` and `cooling_down` outages stay. Returns true when a circuit closed.
   */
  recordSuccess(name: string): boolean;
  /**
   * Takes the key out. A key stays out for the longest outage it has earned, and an invalid verdict outranks the
   * others: while the current outage lasts (`now < until`), a non-invalid outage replaces it only if it ends later
   * and never replaces an `invalid` one; an `invalid` outage always replaces. An ended outage is always replaced.
   * Returns true when `outage` is now the key's outage.
   */
  takeOut(name: string, outage: KeyOutage, now: number): boolean;
  /**
   * Claims the probe lease for `lease.holder`: granted only when no lease is held or the held one has lapsed
   * (`until <= now`), so one probe at a time goes through a recovering key across all replicas (a holder that
   * holds the lease is refused too). Returns true when `lease` is now held. A shared store that cannot be sure
   * synchronously answers false ("not now") rather than risk two probes (the pool then skips the key for this pick),
   * and may reserve the lease in the background for that holder so that its next claim is granted; an unused
   * reservation is not shown in the reserving replica's own `read`, only in the others'.
   */
  claimProbe(name: string, lease: KeyProbeLease, now: number): boolean;
  /** Releases the lease if `holder` holds it (lapsed or not); returns whether it did, i.e. whether that call was the probe. */
  releaseProbe(name: string, holder: string): boolean;
  /**
   * Lifts the key's outage if it is still exactly `outage` (same kind and `until`), whether it lasts or has ended:
   * a recheck that found an invalid key accepted again lifts only the verdict it checked, never a newer one that
   * another replica (or a request on this one) wrote meanwhile. Streaks and the probe lease are left as they are.
   * Returns true when it lifted the outage.
   */
  restore(name: string, outage: KeyOutage): boolean;
}
