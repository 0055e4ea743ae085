/** Counts by field name (`requests`, `inputTokens`, …). */
export type Counts = Record<string, number>;

/** One replica's usage counts not yet added to Redis. */
export interface PendingUsage {
  /** By key name. */
  keys: Map<string, Counts>;
  /** By resolved model id. */
  models: Map<string, Counts>;
  /** Requests by minute number (ms epoch / 60 000). */
  minutes: Map<number, number>;
  /** When the earliest of them happened, ms epoch. */
  since?: number;
}

/** No counts. */
export const emptyPendingUsage = (): PendingUsage => ({ keys: new Map(), models: new Map(), minutes: new Map() });

/** Adds `amount` to `name`'s `field`; zero adds nothing (no empty hashes written). */
export function addInto(target: Map<string, Counts>, name: string, field: string, amount: number): void {
  if (amount === 0) return;
  let counts = target.get(name);
  if (counts === undefined) target.set(name, (counts = {}));
  counts[field] = (counts[field] ?? 0) + amount;
}

/** Adds every count of `from` into `into` (a batch Redis refused goes back into the pending counts). */
export function mergePendingUsage(into: PendingUsage, from: PendingUsage): void {
  for (const [name, counts] of from.keys) for (const [field, amount] of Object.entries(counts)) addInto(into.keys, name, field, amount);
  for (const [id, counts] of from.models) for (const [field, amount] of Object.entries(counts)) addInto(into.models, id, field, amount);
  for (const [minute, count] of from.minutes) into.minutes.set(minute, (into.minutes.get(minute) ?? 0) + count);
  if (from.since !== undefined) into.since = Math.min(into.since ?? from.since, from.since);
}
