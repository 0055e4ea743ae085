import type { KeyHealth, KeyOutage } from '@asksage-proxy/core';
import { neverReported } from './key-health-change';

/** A key's health as Redis holds it, with the version that orders changes. */
export interface VersionedKeyHealth {
  version: number;
  health: KeyHealth;
}

const outageKinds: ReadonlySet<string> = new Set(['invalid', 'cooling_down', 'circuit_open']);

/**
 * Reads the seven fields `v k u f r ph pu` (as a script returns them, '' for absent, or as HMGET does, null).
 * Anything malformed reads as never reported rather than throwing: a bad entry must not break a pick.
 */
export function decodeKeyHealth(fields: ReadonlyArray<string | null | undefined>): VersionedKeyHealth {
  const [version, kind, until, failures, rateLimits, holder, probeUntil] = fields.map((field) => (field === null || field === undefined ? '' : String(field)));
  if (version === undefined || version === '') return { version: 0, health: neverReported };
  const health: { -readonly [Field in keyof KeyHealth]: KeyHealth[Field] } = {
    consecutiveFailures: Number(failures) || 0,
    rateLimitStreak: Number(rateLimits) || 0,
  };
  if (kind !== undefined && outageKinds.has(kind) && Number.isFinite(Number(until))) {
    health.outage = { kind: kind as KeyOutage['kind'], until: Number(until) };
  }
  if (holder !== undefined && holder !== '' && Number.isFinite(Number(probeUntil))) {
    health.probe = { holder, until: Number(probeUntil) };
  }
  return { version: Number(version) || 0, health: Object.freeze(health) };
}
