import { damerauLevenshteinDistance } from './damerau-levenshtein-distance';
import type { ModelEntry } from './model-entry';

/**
 * Lower-cases and drops every character that is not a letter or digit, so that spellings differing only in
 * separators compare equal: AskSage writes `claude-35-sonnet` where Anthropic writes `claude-3.5-sonnet`
 * and users type `claude-3-5-sonnet` (protocol doc §5).
 */
export function normalizeModelName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Longer requested names get no suggestion (real ids are a few dozen characters). */
const maxSuggestibleLength = 128;

/** Options of `suggestModelIds`. */
export interface SuggestModelIdsOptions {
  /** How many ids to return at most. Default 3. */
  limit?: number;
}

/**
 * The catalog ids closest to a requested name, best first, for "did you mean" messages. Compares the
 * normalized forms of every id and alias by Damerau-Levenshtein distance and keeps only plausible ones
 * (distance at most 40% of the longer name, at least 2), so a wholly unrelated name gets no suggestion.
 */
export function suggestModelIds(requested: string, entries: readonly ModelEntry[], options: SuggestModelIdsOptions = {}): string[] {
  const limit = options.limit ?? 3;
  const wanted = normalizeModelName(requested);
  // The name is client-controlled: a megabyte-long one must cost nothing (no id is that long to be near it).
  if (wanted.length > maxSuggestibleLength) return [];
  const scored: Array<{ id: string; distance: number; order: number }> = [];
  entries.forEach((entry, order) => {
    let distance = Number.POSITIVE_INFINITY;
    for (const name of [entry.id, ...(entry.aliases ?? [])]) {
      const candidate = normalizeModelName(name);
      const threshold = Math.max(2, Math.floor(Math.max(candidate.length, wanted.length) * 0.4));
      // The distance is at least the length difference: skip the quadratic table when it cannot qualify.
      if (Math.abs(candidate.length - wanted.length) > threshold) continue;
      const candidateDistance = damerauLevenshteinDistance(wanted, candidate);
      if (candidateDistance <= threshold) distance = Math.min(distance, candidateDistance);
    }
    if (Number.isFinite(distance)) scored.push({ id: entry.id, distance, order });
  });
  scored.sort((left, right) => left.distance - right.distance || left.order - right.order);
  return scored.slice(0, limit).map((item) => item.id);
}
