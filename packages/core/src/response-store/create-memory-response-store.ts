import type { Clock } from '../ports/clock';
import type { ResponseStore, StoredResponse } from '../ports/response-store';

/** Options of `createMemoryResponseStore`. */
export interface MemoryResponseStoreOptions {
  /** Time source for expiry (the real clock in the CLI, a manual one in tests). */
  clock: Clock;
  /** Most responses kept; the oldest stored is dropped first. */
  maxEntries: number;
  /** Milliseconds a response is kept after it was stored. */
  maxAgeMs: number;
}

/** Defaults the CLI documents: 1,000 responses, one hour. */
export const defaultResponseStoreLimits = { maxEntries: 1_000, maxAgeMs: 60 * 60 * 1000 } as const;

interface Slot {
  entry: StoredResponse;
  expiresAt: number;
}

/**
 * The default `ResponseStore`: a bounded map in this process's memory. Bounded in count and age, because every
 * Responses client stores by default (`store` defaults to true) and an agent loop stores one response per step;
 * an unbounded map would grow with every request. A `Map` keeps insertion order, and `put` re-inserts, so the first
 * key is always the oldest stored: eviction and expiry sweeps are O(1) per dropped entry.
 */
export function createMemoryResponseStore(options: MemoryResponseStoreOptions): ResponseStore {
  const { clock } = options;
  const maxEntries = Math.max(1, Math.floor(options.maxEntries));
  const maxAgeMs = Math.max(0, options.maxAgeMs);
  const slots = new Map<string, Slot>();

  function dropExpired(now: number): void {
    for (const [id, slot] of slots) {
      if (slot.expiresAt > now) break;
      slots.delete(id);
    }
  }

  return {
    put(entry: StoredResponse): Promise<void> {
      const now = clock.now();
      dropExpired(now);
      slots.delete(entry.id);
      slots.set(entry.id, { entry, expiresAt: now + maxAgeMs });
      while (slots.size > maxEntries) {
        const oldest = slots.keys().next().value as string;
        slots.delete(oldest);
      }
      return Promise.resolve();
    },
    get(id: string): Promise<StoredResponse | undefined> {
      const slot = slots.get(id);
      if (slot === undefined) return Promise.resolve(undefined);
      if (slot.expiresAt <= clock.now()) {
        slots.delete(id);
        return Promise.resolve(undefined);
      }
      return Promise.resolve(slot.entry);
    },
    delete(id: string): Promise<boolean> {
      const slot = slots.get(id);
      slots.delete(id);
      return Promise.resolve(slot !== undefined && slot.expiresAt > clock.now());
    },
  };
}
