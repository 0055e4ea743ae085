import { damerauLevenshteinDistance } from '@asksage-proxy/core';

/**
 * The known key closest to a misspelt one (`prot` -> `port`, `api_kyes` -> `api_keys`), or undefined when nothing
 * is plausibly meant: at most a third of the longer name may differ (at least one edit), or the unknown word is the
 * start of a key (`cert` -> `cert_path`).
 */
export function suggestConfigKey(unknown: string, known: readonly string[]): string | undefined {
  const lowered = unknown.toLowerCase();
  if (lowered.length >= 3) {
    const extended = known.find((key) => key.startsWith(lowered));
    if (extended !== undefined) return extended;
  }
  let best: { key: string; distance: number } | undefined;
  for (const key of known) {
    const distance = damerauLevenshteinDistance(lowered, key);
    const threshold = Math.max(1, Math.floor(Math.max(unknown.length, key.length) / 3));
    if (distance <= threshold && (best === undefined || distance < best.distance)) best = { key, distance };
  }
  return best?.key;
}
