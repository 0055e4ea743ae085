import type { KeyHealth, KeyProbeLease } from '@asksage-proxy/core';
import { applyKeyHealthChange, neverReported } from './key-health-change';
import type { KeyHealthChange } from './key-health-change';
import type { VersionedKeyHealth } from './decode-key-health';

/** One key in the local view: what Redis confirmed, plus this replica's changes still on their way. */
interface Entry {
  confirmed: KeyHealth;
  version: number;
  /** After losing Redis: the next state Redis reports replaces `confirmed` whatever its version (Redis may be new). */
  stale: boolean;
  pending: Array<{ seq: number; change: KeyHealthChange }>;
  /** A probe lease Redis holds for this replica that the pool has not asked for yet (hidden from `read`). */
  reservation?: KeyProbeLease;
  /** A reservation requested and not answered yet (hidden too, if Redis reports it first). */
  reserving?: KeyProbeLease;
  view: KeyHealth;
}

const sameLease = (left: KeyProbeLease | undefined, right: KeyProbeLease | undefined): boolean =>
  left !== undefined && right !== undefined && left.holder === right.holder && left.until === right.until;

/**
 * The synchronous picture a Redis-backed store serves: per key, the last state Redis confirmed with this replica's
 * unanswered changes replayed on top (so a replica always sees its own changes, and a reply or a message about one
 * change never hides another still in flight). Versions order Redis' states; a message about a change this replica
 * made also retires that change (and every earlier one) from the pending list.
 */
export class LocalKeyHealthView {
  private readonly entries = new Map<string, Entry>();

  /** The key's health as served to `read`. */
  read(name: string): KeyHealth {
    return this.entries.get(name)?.view ?? neverReported;
  }

  /** Names of every key seen so far. */
  names(): string[] {
    return [...this.entries.keys()];
  }

  /** The confirmed state (without pending changes). */
  confirmed(name: string): KeyHealth {
    return this.entries.get(name)?.confirmed ?? neverReported;
  }

  /** A change sent to Redis: shown at once, retired when Redis answers. */
  addPending(name: string, seq: number, change: KeyHealthChange): void {
    const entry = this.entry(name);
    entry.pending.push({ seq, change });
    this.recompute(entry);
  }

  /** A change Redis will not see now (it is away): becomes part of the confirmed state here. */
  applyLocally(name: string, change: KeyHealthChange): void {
    const entry = this.entry(name);
    entry.confirmed = applyKeyHealthChange(entry.confirmed, change).health;
    this.recompute(entry);
  }

  /** A pending change failed to reach Redis: keeps it locally. Returns whether it was still pending. */
  failPending(name: string, seq: number): KeyHealthChange | undefined {
    const entry = this.entry(name);
    const index = entry.pending.findIndex((item) => item.seq === seq);
    if (index < 0) return undefined;
    const [failed] = entry.pending.splice(index, 1);
    if (failed === undefined) return undefined;
    entry.confirmed = applyKeyHealthChange(entry.confirmed, failed.change).health;
    this.recompute(entry);
    return failed.change;
  }

  /**
   * Redis' state after some change (a script's reply, a message, a load). `retireUpTo`: this replica's changes up
   * to that sequence number are included in it.
   */
  accept(name: string, state: VersionedKeyHealth, retireUpTo = 0): void {
    const entry = this.entry(name);
    if (retireUpTo > 0) entry.pending = entry.pending.filter((item) => item.seq > retireUpTo);
    if (entry.stale || state.version > entry.version) {
      entry.confirmed = state.health;
      entry.version = state.version;
      entry.stale = false;
    }
    if (entry.reservation !== undefined && !sameLease(entry.confirmed.probe, entry.reservation)) entry.reservation = undefined;
    this.recompute(entry);
  }

  /** Redis was lost: the next state it reports is taken whatever its version. */
  markStale(): void {
    for (const entry of this.entries.values()) entry.stale = true;
  }

  /** Records a reservation request (or its end, with undefined). */
  setReserving(name: string, lease: KeyProbeLease | undefined): void {
    const entry = this.entry(name);
    entry.reserving = lease;
    this.recompute(entry);
  }

  /** Whether a reservation request for the key is on its way. */
  isReserving(name: string): boolean {
    return this.entries.get(name)?.reserving !== undefined;
  }

  /** Redis granted the reservation. */
  setReservation(name: string, lease: KeyProbeLease): void {
    const entry = this.entry(name);
    entry.reservation = lease;
    this.recompute(entry);
  }

  /** Takes the key's reservation for `holder` if it is still valid at `now` (Redis still shows it); else drops it. */
  takeReservation(name: string, holder: string, now: number): boolean {
    const entry = this.entries.get(name);
    const reservation = entry?.reservation;
    if (entry === undefined || reservation === undefined || reservation.holder !== holder) return false;
    entry.reservation = undefined;
    this.recompute(entry);
    return now < reservation.until && sameLease(entry.confirmed.probe, reservation);
  }

  private entry(name: string): Entry {
    let entry = this.entries.get(name);
    if (entry === undefined) {
      entry = { confirmed: neverReported, version: 0, stale: false, pending: [], view: neverReported };
      this.entries.set(name, entry);
    }
    return entry;
  }

  private recompute(entry: Entry): void {
    let health = entry.confirmed;
    for (const item of entry.pending) health = applyKeyHealthChange(health, item.change).health;
    if (sameLease(health.probe, entry.reservation) || sameLease(health.probe, entry.reserving)) {
      const { probe: _probe, ...rest } = health;
      health = rest;
    }
    entry.view = health === neverReported ? health : Object.freeze({ ...health });
  }
}
