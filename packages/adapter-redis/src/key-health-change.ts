import type { KeyHealth, KeyOutage, KeyProbeLease } from '@asksage-proxy/core';

/**
 * One `KeyHealthStore` change as data: applied to the local view at once (`applyKeyHealthChange`) and sent to
 * Redis, where the Lua script of the same name applies the same rule atomically. `extendProbe` is the adapter's
 * own: it turns a background reservation into the lease the pool asked for.
 */
export type KeyHealthChange =
  | { op: 'addFailure' }
  | { op: 'addRateLimit' }
  | { op: 'recordSuccess' }
  | { op: 'takeOut'; outage: KeyOutage; now: number }
  | { op: 'claimProbe'; lease: KeyProbeLease; now: number }
  | { op: 'extendProbe'; lease: KeyProbeLease; now: number }
  | { op: 'releaseProbe'; holder: string }
  | { op: 'restore'; outage: KeyOutage };

/** A key never reported. */
export const neverReported: KeyHealth = Object.freeze({ consecutiveFailures: 0, rateLimitStreak: 0 });

/** The new health and the method's answer (a streak, or whether the change applied). */
export interface AppliedKeyHealthChange {
  health: KeyHealth;
  result: number | boolean;
}

function outageApplies(current: KeyOutage | undefined, next: KeyOutage, now: number): boolean {
  if (current === undefined || now >= current.until || next.kind === 'invalid') return true;
  return current.kind !== 'invalid' && next.until >= current.until;
}

function withoutProbe(health: KeyHealth): KeyHealth {
  const { probe: _probe, ...rest } = health;
  return rest;
}

/** The rules of `KeyHealthStore` (the same as the in-memory store's), as a pure function of the health. */
export function applyKeyHealthChange(health: KeyHealth, change: KeyHealthChange): AppliedKeyHealthChange {
  switch (change.op) {
    case 'addFailure': {
      const consecutiveFailures = health.consecutiveFailures + 1;
      return { health: { ...health, consecutiveFailures }, result: consecutiveFailures };
    }
    case 'addRateLimit': {
      const rateLimitStreak = health.rateLimitStreak + 1;
      return { health: { ...health, rateLimitStreak }, result: rateLimitStreak };
    }
    case 'recordSuccess': {
      const closes = health.outage?.kind === 'circuit_open';
      const reset = { ...health, consecutiveFailures: 0, rateLimitStreak: 0 };
      if (!closes) return { health: reset, result: false };
      const { outage: _outage, ...open } = withoutProbe(reset);
      return { health: open, result: true };
    }
    case 'takeOut': {
      if (!outageApplies(health.outage, change.outage, change.now)) return { health, result: false };
      return { health: { ...health, outage: { kind: change.outage.kind, until: change.outage.until } }, result: true };
    }
    case 'claimProbe':
    case 'extendProbe': {
      const held = health.probe !== undefined && change.now < health.probe.until;
      if (held && (change.op === 'claimProbe' || health.probe?.holder !== change.lease.holder)) return { health, result: false };
      return { health: { ...health, probe: { holder: change.lease.holder, until: change.lease.until } }, result: true };
    }
    case 'releaseProbe': {
      if (health.probe?.holder !== change.holder) return { health, result: false };
      return { health: withoutProbe(health), result: true };
    }
    case 'restore': {
      const { outage, ...rest } = health;
      if (outage?.kind !== change.outage.kind || outage.until !== change.outage.until) return { health, result: false };
      return { health: rest, result: true };
    }
  }
}
