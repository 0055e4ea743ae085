import type { ApiKeyCheck } from '../asksage/check-api-key';
import type { ProxyError } from '../errors/proxy-error';
import type { KeyHealthStore, KeyOutage } from '../ports/key-health-store';
import type { ApiKeyConfig } from './api-key-config';
import { keyStateAt } from './key-health-state';

/** How the key pool re-checks keys AskSage rejected (`KeyPoolOptions.invalidKeyRecheck`). */
export interface InvalidKeyRecheckOptions {
  /** One free authenticated call with the key: `(apiKey) => checkApiKey(upstream, apiKey)`. Must not throw. */
  check: (apiKey: string) => Promise<ApiKeyCheck>;
  /** Wait before the first recheck of a key found invalid. Default 60 s. */
  firstDelayMs?: number;
  /** Each recheck AskSage still rejects waits four times longer, up to this. Default 1 h. */
  maxDelayMs?: number;
}

/** One invalid key's recheck schedule in this process. */
interface RecheckEntry {
  /** The verdict the schedule is for: a different one (a newer verdict from anywhere) moves the schedule on. */
  outage: KeyOutage;
  /** Rechecks AskSage rejected so far (the exponent of the wait). */
  attempts: number;
  /** When the next recheck may start, ms epoch. */
  dueAt: number;
  /** A recheck from this process is on its way. */
  running: boolean;
}

/** What the rechecker needs from the pool that owns it. */
export interface InvalidKeyRecheckerDependencies {
  options: InvalidKeyRecheckOptions;
  store: KeyHealthStore;
  /** The pool's probe-lease holder id: the lease makes one recheck at a time across replicas. */
  holder: string;
  probeLeaseMs: number;
  now: () => number;
  /** A recheck found the key accepted and lifted the verdict it checked. */
  onRestored: (name: string, now: number) => void;
  /** A recheck was rejected again: the pool marks the key invalid anew (the rechecker then schedules the next one). */
  onStillInvalid: (name: string, error: ProxyError, now: number) => void;
}

/** The invalid-key rechecks of one key pool. */
export interface InvalidKeyRechecker {
  /** When the key's next recheck is due, if it is invalid now (starts its schedule if this process had none). */
  recheckAt(name: string, now: number): number | undefined;
  /** Starts, in the background, every recheck that is due and whose lease this process gets. Never waits. */
  startDue(keys: readonly ApiKeyConfig[], now: number): void;
}

const sameOutage = (left: KeyOutage, right: KeyOutage): boolean => left.kind === right.kind && left.until === right.until;

/**
 * Re-checks keys AskSage called invalid with a free authenticated call instead of benching them blindly for the whole
 * invalid outage. Core has no timers, so nothing runs by itself: the pool calls `startDue` on each pick, and a due
 * recheck starts in the background (the request never waits for it). Waits grow 4x per rejected recheck (1, 4, 16
 * min, then hourly by default). One recheck at a time per key across replicas: it needs the key's probe lease, which
 * an invalid key otherwise never uses. Each process keeps its own schedule; a rejected recheck anywhere writes a new
 * invalid verdict, which moves every replica's schedule on. Accepted: the verdict it checked is lifted
 * (`KeyHealthStore.restore`, so a newer one stays). Unreachable AskSage says nothing about the key: the same wait again.
 */
export function createInvalidKeyRechecker(dependencies: InvalidKeyRecheckerDependencies): InvalidKeyRechecker {
  const { options, store, holder } = dependencies;
  const firstDelayMs = Math.max(0, options.firstDelayMs ?? 60_000);
  const maxDelayMs = Math.max(firstDelayMs, options.maxDelayMs ?? 60 * 60_000);
  const entries = new Map<string, RecheckEntry>();
  const delay = (attempts: number): number => Math.min(maxDelayMs, firstDelayMs * 4 ** Math.min(attempts, 30));

  /** The key's schedule while it is invalid; follows new verdicts; forgets keys that are no longer invalid. */
  function track(name: string, now: number): RecheckEntry | undefined {
    const health = store.read(name);
    const entry = entries.get(name);
    if (keyStateAt(health, now) !== 'invalid' || health.outage === undefined) {
      if (entry !== undefined && !entry.running) entries.delete(name);
      return undefined;
    }
    if (entry === undefined) {
      const created: RecheckEntry = { outage: health.outage, attempts: 0, dueAt: now + delay(0), running: false };
      entries.set(name, created);
      return created;
    }
    if (!entry.running && !sameOutage(entry.outage, health.outage)) {
      entry.outage = health.outage;
      entry.attempts += 1;
      entry.dueAt = now + delay(entry.attempts);
    }
    return entry;
  }

  async function recheck(config: ApiKeyConfig, entry: RecheckEntry): Promise<void> {
    // `check` must not throw; if it does, that is no verdict on the key either.
    const result = await options.check(config.key).catch(() => undefined);
    const now = dependencies.now();
    entry.running = false;
    store.releaseProbe(config.name, holder);
    if (result?.verdict === 'valid') {
      if (store.restore(config.name, entry.outage)) {
        entries.delete(config.name);
        dependencies.onRestored(config.name, now);
      }
      // Refused: a newer verdict came meanwhile, and `track` schedules a recheck of that one.
      return;
    }
    if (result?.verdict === 'invalid') {
      const checked = entry.outage;
      // The new verdict moves the schedule on (`track`), as it does on every replica that sees it.
      dependencies.onStillInvalid(config.name, result.error, now);
      if (!sameOutage(entry.outage, checked)) return;
      entry.attempts += 1;
    }
    entry.dueAt = now + delay(entry.attempts);
  }

  return {
    recheckAt(name: string, now: number): number | undefined {
      return track(name, now)?.dueAt;
    },

    startDue(keys: readonly ApiKeyConfig[], now: number): void {
      for (const config of keys) {
        const entry = track(config.name, now);
        if (entry === undefined || entry.running || now < entry.dueAt) continue;
        // Not granted: another replica is rechecking (or, with Redis, the lease is being reserved for a later pick).
        if (!store.claimProbe(config.name, { holder, until: now + dependencies.probeLeaseMs }, now)) continue;
        entry.running = true;
        void recheck(config, entry);
      }
    },
  };
}
