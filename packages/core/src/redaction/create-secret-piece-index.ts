import { secretFragmentLength } from './redact-secret-fragments';

/** Finds which known secrets have a 20-character piece inside a text. */
export interface SecretPieceIndex {
  /** The secrets with a piece in `text`; empty when none (the common case, found without allocating strings). */
  ownersIn(text: string): string[];
}

const base = 31;
// base^(pieceLength - 1) in 32-bit arithmetic, to drop a window's first character from the rolling hash.
let leadingPower = 1;
for (let index = 1; index < secretFragmentLength; index += 1) leadingPower = Math.imul(leadingPower, base);

function hashPiece(text: string, start: number): number {
  let hash = 0;
  for (let index = start; index < start + secretFragmentLength; index += 1) hash = (Math.imul(hash, base) + text.charCodeAt(index)) | 0;
  return hash;
}

/**
 * Indexes every 20-character piece of the secrets by a rolling hash (Rabin-Karp), so looking for pieces in a text
 * costs a few integer operations per character and a string comparison only on a hash hit, however many keys.
 */
export function createSecretPieceIndex(secrets: readonly string[]): SecretPieceIndex {
  const piecesByHash = new Map<number, Array<{ piece: string; owner: string }>>();
  for (const owner of secrets) {
    for (let start = 0; start + secretFragmentLength <= owner.length; start += 1) {
      const hash = hashPiece(owner, start);
      const entries = piecesByHash.get(hash) ?? [];
      entries.push({ piece: owner.slice(start, start + secretFragmentLength), owner });
      piecesByHash.set(hash, entries);
    }
  }
  return {
    ownersIn(text: string): string[] {
      const owners: string[] = [];
      if (piecesByHash.size === 0 || text.length < secretFragmentLength) return owners;
      let hash = hashPiece(text, 0);
      for (let start = 0; ; start += 1) {
        const entries = piecesByHash.get(hash);
        if (entries) {
          const piece = text.slice(start, start + secretFragmentLength);
          for (const entry of entries) if (entry.piece === piece && !owners.includes(entry.owner)) owners.push(entry.owner);
        }
        const next = start + secretFragmentLength;
        if (next >= text.length) return owners;
        hash = (Math.imul(hash - Math.imul(text.charCodeAt(start), leadingPower), base) + text.charCodeAt(next)) | 0;
      }
    },
  };
}
