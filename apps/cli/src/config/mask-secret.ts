/** Shortest secret of which `maskSecret` shows the ends; shorter ones are hidden entirely. */
const minimumLengthToHint = 16;

/**
 * Masks a key for display: `abcd…wxyz` so the owner can tell keys apart, never the whole key; short secrets are
 * fully masked because their ends would reveal most of them.
 */
export function maskSecret(secret: string): string {
  if (secret.length < minimumLengthToHint) return '****';
  return `${secret.slice(0, 4)}…${secret.slice(-4)}`;
}
