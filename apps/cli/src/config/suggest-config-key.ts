import { damerauLevenshteinDistance } from '@asksage-proxy/core';

/**
 * The known key closest to a misspelt one (`prot` -> `port`, `api_kyes` -> `api_keys`), or undefined when nothing
 * is plausibly meant: at most a third of the longer name may differ (and at least 2 edits are always allowed).
 */
export function suggestConfigKey(unknown: string, known: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const key of known) {
    const distance = damerauLevenshteinDistance(unknown.toLowerCase(), key);
    const threshold = Math.max(2, Math.floor(Math.max(unknown.length, key.length) / 3));
    if (distance <= threshold && (best === undefined || distance < best.distance)) best = { key, distance };
  }
  return best?.key;
}
