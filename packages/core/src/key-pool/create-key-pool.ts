import type { ProxyError } from '../errors/proxy-error';
import type { KeyHealthStore, KeyOutage } from '../ports/key-health-store';
import type { KeyStateChangedEvent } from '../ports/proxy-observer';
import { createSecretRedactor } from '../redaction/create-secret-redactor';
import type { ApiKeyConfig } from './api-key-config';
import { createInvalidKeyRechecker } from './create-invalid-key-rechecker';
import type { InvalidKeyRechecker } from './create-invalid-key-rechecker';
import { createMemoryKeyHealthStore } from './create-memory-key-health-store';
import type { KeyPickOptions, KeyPool, KeyPoolOptions, PooledKey } from './key-pool';
import { canProbeEarly, isKeyPickable, isProbeInFlight, keyStateAt } from './key-health-state';
import type { KeySlot } from './key-slot';
import { createKeySlot } from './key-slot';
import type { KeyStatus } from './key-status';
import { chooseSmoothWeighted, commitSmoothWeighted } from './pick-smooth-weighted';

const hourMs = 60 * 60 * 1000;

/**
 * Builds the key pool: smooth weighted round robin over the keys that are usable right now, with health per key.
 *
 * Fairness when the eligible set changes (a key cools down, a request's model allows only some keys, a failover
 * excludes keys already tried): only eligible keys take part in a pick, and an ineligible key's running score is
 * left frozen, as nginx does for peers that are down. A key therefore earns no credit while it is out, so when it
 * comes back it resumes its normal share instead of receiving a catch-up burst, and it is not penalised either.
 * Each pick adds and subtracts the same total, so the scores always sum to zero and stay bounded.
 *
 * Health: a key AskSage calls invalid is out for `invalidCooldownMs`, or, with `invalidKeyRecheck`, until a free
 * recheck (started lazily by a pick, in the background, at a growing interval) finds it accepted again; a rate limited key cools down for Retry-After
 * (capped) or an exponential backoff; `failureThreshold` consecutive transient failures open its circuit for
 * `circuitCooldownMs`, after which exactly one probe request may use it (one across every replica sharing the
 * `healthStore`: the probe lease). The scores and counters are this process's; the health is the store's.
 * Every change is reported to `observer.keyStateChanged`.
 */
export function createKeyPool(options: KeyPoolOptions): KeyPool {
  const { clock } = options;
  const store: KeyHealthStore = options.healthStore ?? createMemoryKeyHealthStore();
  const emit = (event: KeyStateChangedEvent): void => options.observer?.keyStateChanged(event);
  const holder = options.replicaId ?? 'local';
  const probeLeaseMs = options.probeLeaseMs ?? hourMs / 4;
  const invalidCooldownMs = options.invalidCooldownMs ?? 6 * hourMs;
  const rateLimitCapMs = options.rateLimitDefaultCooldownMs ?? 60_000;
  const rateLimitBackoffBaseMs = options.rateLimitBackoffBaseMs ?? 1_000;
  const failureThreshold = options.failureThreshold ?? 3;
  const circuitCooldownMs = options.circuitCooldownMs ?? 30_000;

  assertValidKeys(options.keys);
  const slots = options.keys.map((config) => createKeySlot({ ...config }));
  const redactKeys = createSecretRedactor(options.keys.map((config) => config.key));
  const byName = new Map(slots.map((slot) => [slot.config.name, slot]));
  const health = (slot: KeySlot) => store.read(slot.config.name);
  const stateOf = (name: string, now: number) => keyStateAt(store.read(name), now);

  function within(allowed: readonly string[] | undefined): KeySlot[] {
    if (allowed === undefined) return slots;
    const names = new Set(allowed);
    return slots.filter((slot) => names.has(slot.config.name));
  }

  /** Takes the key out (the store keeps the longest outage, invalid first) and reports the change. */
  function takeOut(name: string, outage: KeyOutage, now: number, change: Omit<KeyStateChangedEvent, 'key' | 'previousState' | 'state' | 'at'>): void {
    const previousState = stateOf(name, now);
    store.takeOut(name, outage, now);
    emit({ key: name, ...change, previousState, state: stateOf(name, now), at: now });
  }

  /** A new invalid verdict (from a request, or a recheck AskSage rejected again), with when it is rechecked. */
  function writeInvalid(name: string, error: ProxyError, now: number): void {
    const previousState = stateOf(name, now);
    const until = now + invalidCooldownMs;
    store.takeOut(name, { kind: 'invalid', until }, now);
    const recheckAt = rechecker?.recheckAt(name, now);
    emit({ key: name, change: 'invalid', code: error.code, until, ...(recheckAt === undefined ? {} : { recheckAt }), previousState, state: stateOf(name, now), at: now });
  }

  function markInvalid(name: string, error: ProxyError, now: number): void {
    // Already out as invalid: another report of it changes nothing worth telling.
    if (stateOf(name, now) === 'invalid') return;
    writeInvalid(name, error, now);
  }

  const rechecker: InvalidKeyRechecker | undefined =
    options.invalidKeyRecheck === undefined
      ? undefined
      : createInvalidKeyRechecker({
          options: options.invalidKeyRecheck,
          store,
          holder,
          probeLeaseMs,
          now: () => clock.now(),
          onRestored: (name, now) => emit({ key: name, change: 'restored', previousState: 'invalid', state: stateOf(name, now), at: now }),
          onStillInvalid: writeInvalid,
        });
  const configs = options.keys;

  function coolDown(name: string, error: ProxyError, now: number): void {
    const streak = store.addRateLimit(name);
    const requestedMs =
      error.retryAfterSeconds !== undefined ? error.retryAfterSeconds * 1000 : rateLimitBackoffBaseMs * 2 ** (streak - 1);
    const cooldownMs = Math.max(0, Math.min(requestedMs, rateLimitCapMs));
    takeOut(name, { kind: 'cooling_down', until: now + cooldownMs }, now, { change: 'cooling_down', code: error.code, cooldownMs });
  }

  function countFailure(name: string, error: ProxyError, now: number, wasProbe: boolean): void {
    const consecutiveFailures = store.addFailure(name);
    if (!wasProbe && consecutiveFailures < failureThreshold) return;
    takeOut(name, { kind: 'circuit_open', until: now + circuitCooldownMs }, now, {
      change: wasProbe ? 'circuit_reopened' : 'circuit_open',
      code: error.code,
      consecutiveFailures,
      cooldownMs: circuitCooldownMs,
    });
  }

  /** Chooses by smooth WRR; a chosen key that needs a probe lease it cannot get sits this pick out. */
  function chooseAndCommit(candidates: KeySlot[], now: number, earlyProbe: boolean): KeySlot | undefined {
    let remaining = candidates;
    for (;;) {
      const chosen = chooseSmoothWeighted(remaining);
      if (chosen === undefined) return undefined;
      const name = chosen.config.name;
      const previousState = stateOf(name, now);
      if (earlyProbe || previousState === 'half_open') {
        // Only this request may use the key until it reports back; other picks (on every replica) skip it meanwhile.
        if (!store.claimProbe(name, { holder, until: now + probeLeaseMs }, now)) {
          remaining = remaining.filter((slot) => slot !== chosen);
          continue;
        }
        emit({ key: name, change: 'probing', previousState, state: stateOf(name, now), at: now });
      }
      commitSmoothWeighted(remaining, chosen);
      return chosen;
    }
  }

  return {
    pick(pickOptions: KeyPickOptions = {}): PooledKey | undefined {
      const now = clock.now();
      rechecker?.startDue(configs, now);
      const exclude = pickOptions.exclude;
      const eligible = within(pickOptions.allowed).filter((slot) => !(exclude?.has(slot.config.name) ?? false));
      let chosen = chooseAndCommit(eligible.filter((slot) => isKeyPickable(health(slot), now)), now, false);
      chosen ??= chooseAndCommit(eligible.filter((slot) => canProbeEarly(health(slot), now)), now, true);
      if (chosen === undefined) return undefined;
      chosen.counters.requests += 1;
      return { name: chosen.config.name, key: chosen.config.key, weight: chosen.config.weight };
    },

    reportSuccess(name: string): void {
      if (!byName.has(name)) return;
      const now = clock.now();
      store.releaseProbe(name, holder);
      const previousState = stateOf(name, now);
      // Any success proves the key works again, including a late reply that started before the circuit opened.
      if (store.recordSuccess(name)) emit({ key: name, change: 'circuit_closed', previousState, state: stateOf(name, now), at: now });
    },

    reportFailure(name: string, error: ProxyError): void {
      const slot = byName.get(name);
      if (slot === undefined) return;
      const wasProbe = store.releaseProbe(name, holder);
      // No verdict means the key is not to blame (the caller gave up, the model is unknown): nothing is counted.
      if (error.keyVerdict === undefined) return;
      const now = clock.now();
      slot.counters.failures += 1;
      slot.counters.lastError = error.code;
      if (error.keyVerdict === 'invalid') markInvalid(name, error, now);
      else if (error.keyVerdict === 'rate_limited') coolDown(name, error, now);
      else countFailure(name, error, now, wasProbe);
    },

    redactSecrets(text: string): string {
      return redactKeys(text);
    },

    hasUsable(allowed?: readonly string[]): boolean {
      const now = clock.now();
      // A proxy whose only key is invalid answers every request at once: this is where its recheck starts.
      rechecker?.startDue(configs, now);
      return within(allowed).some((slot) => isKeyPickable(health(slot), now) || canProbeEarly(health(slot), now));
    },

    nextAvailableAt(allowed?: readonly string[]): number | undefined {
      const now = clock.now();
      let soonest: number | undefined;
      for (const slot of within(allowed)) {
        const current = health(slot);
        // A key being probed may be back any moment: its probe's reply decides.
        let at: number | undefined;
        const state = keyStateAt(current, now);
        if (state === 'half_open' && isProbeInFlight(current, now)) at = now;
        else if (current.outage !== undefined && now < current.outage.until) at = current.outage.until;
        // An invalid key may be back after its next recheck (or while one is running).
        const recheckAt = state === 'invalid' ? rechecker?.recheckAt(slot.config.name, now) : undefined;
        if (at !== undefined && recheckAt !== undefined) at = Math.max(now, Math.min(at, recheckAt));
        if (at !== undefined && (soonest === undefined || at < soonest)) soonest = at;
      }
      return soonest;
    },

    snapshot(): KeyStatus[] {
      const now = clock.now();
      return slots.map((slot) => toKeyStatus(slot, store, now, rechecker));
    },
  };
}

/** The public, secret-free view of one key: its shared health and this process's counters. */
function toKeyStatus(slot: KeySlot, store: KeyHealthStore, now: number, rechecker: InvalidKeyRechecker | undefined): KeyStatus {
  const health = store.read(slot.config.name);
  const { requests, failures, lastError } = slot.counters;
  const status: KeyStatus = {
    name: slot.config.name,
    weight: slot.config.weight,
    state: keyStateAt(health, now),
    consecutiveFailures: health.consecutiveFailures,
    requests,
    failures,
  };
  if (health.outage !== undefined && now < health.outage.until) status.availableAt = health.outage.until;
  if (lastError !== undefined) status.lastError = lastError;
  const recheckAt = status.state === 'invalid' ? rechecker?.recheckAt(slot.config.name, now) : undefined;
  if (recheckAt !== undefined) status.recheckAt = recheckAt;
  return status;
}

function assertValidKeys(keys: readonly ApiKeyConfig[]): void {
  const seen = new Set<string>();
  for (const [index, key] of keys.entries()) {
    if (typeof key.name !== 'string' || key.name === '') {
      throw new RangeError(`API key #${index + 1} has no name; every pooled key needs one for logs and /health.`);
    }
    if (seen.has(key.name)) throw new RangeError(`Two API keys are named "${key.name}"; key names must be unique.`);
    seen.add(key.name);
    if (!(Number.isFinite(key.weight) && key.weight > 0)) {
      throw new RangeError(`API key "${key.name}" has weight ${String(key.weight)}; weights must be numbers above 0.`);
    }
  }
}
