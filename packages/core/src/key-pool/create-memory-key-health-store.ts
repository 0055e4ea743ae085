import type { KeyHealth, KeyHealthStore, KeyOutage, KeyProbeLease } from '../ports/key-health-store';

const neverReported: KeyHealth = Object.freeze({ consecutiveFailures: 0, rateLimitStreak: 0 });

/** Whether `next` may replace `current` at `now` (see `KeyHealthStore.takeOut`). */
function outageApplies(current: KeyOutage | undefined, next: KeyOutage, now: number): boolean {
  if (current === undefined || now >= current.until || next.kind === 'invalid') return true;
  return current.kind !== 'invalid' && next.until >= current.until;
}

/**
 * The default `KeyHealthStore`: one process's key health in a Map, its own truth. Entries are replaced, never
 * mutated, so a `KeyHealth` a caller read earlier never changes under it. Several pools in one process may share
 * one instance (each with its own probe-lease holder id); replicas need a shared store (Redis) instead.
 */
export function createMemoryKeyHealthStore(): KeyHealthStore {
  const entries = new Map<string, KeyHealth>();
  const read = (name: string): KeyHealth => entries.get(name) ?? neverReported;
  const write = (name: string, health: KeyHealth): void => {
    entries.set(name, Object.freeze(health));
  };

  return {
    read,

    addFailure(name: string): number {
      const health = read(name);
      const consecutiveFailures = health.consecutiveFailures + 1;
      write(name, { ...health, consecutiveFailures });
      return consecutiveFailures;
    },

    addRateLimit(name: string): number {
      const health = read(name);
      const rateLimitStreak = health.rateLimitStreak + 1;
      write(name, { ...health, rateLimitStreak });
      return rateLimitStreak;
    },

    recordSuccess(name: string): boolean {
      const { outage, probe } = read(name);
      const closes = outage?.kind === 'circuit_open';
      const next: KeyHealth = { consecutiveFailures: 0, rateLimitStreak: 0 };
      if (!closes) write(name, { ...next, ...(outage && { outage }), ...(probe && { probe }) });
      else write(name, next);
      return closes;
    },

    takeOut(name: string, outage: KeyOutage, now: number): boolean {
      const health = read(name);
      if (!outageApplies(health.outage, outage, now)) return false;
      write(name, { ...health, outage: { kind: outage.kind, until: outage.until } });
      return true;
    },

    claimProbe(name: string, lease: KeyProbeLease, now: number): boolean {
      const health = read(name);
      if (health.probe !== undefined && now < health.probe.until) return false;
      write(name, { ...health, probe: { holder: lease.holder, until: lease.until } });
      return true;
    },

    releaseProbe(name: string, holder: string): boolean {
      const { probe, ...rest } = read(name);
      if (probe?.holder !== holder) return false;
      write(name, rest);
      return true;
    },

    restore(name: string, outage: KeyOutage): boolean {
      const { outage: current, ...rest } = read(name);
      if (current?.kind !== outage.kind || current.until !== outage.until) return false;
      write(name, rest);
      return true;
    },
  };
}
