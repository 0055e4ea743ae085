/** Limits of `splitTextPieces`. */
export interface SplitTextPiecesOptions {
  /** Words per piece; default 6. */
  maxWords?: number;
  /** Code points per piece, unless one word alone is longer; default 64. */
  maxLength?: number;
}

// A run of whitespace, or a word with the whitespace after it: pieces break after whitespace, and together the
// segments cover the text exactly. The `u` flag keeps surrogate pairs (emoji) inside one segment.
const segmentPattern = /\s+|\S+\s*/gu;

function splitByCodePoints(segment: string, maxLength: number): string[] {
  const codePoints = Array.from(segment);
  const parts: string[] = [];
  for (let start = 0; start < codePoints.length; start += maxLength) {
    parts.push(codePoints.slice(start, start + maxLength).join(''));
  }
  return parts;
}

/**
 * Splits text into stream-sized pieces whose concatenation is the text byte for byte: newlines, indentation,
 * CRLF and code survive (the reference proxy split on whitespace and lost them, protocol doc §7.5), and a code
 * point is never cut in half. A word longer than `maxLength` (a URL, a JSON blob) is cut between code points.
 */
export function splitTextPieces(text: string, options: SplitTextPiecesOptions = {}): string[] {
  const maxWords = options.maxWords ?? 6;
  const maxLength = options.maxLength ?? 64;
  const pieces: string[] = [];
  let current = '';
  let currentLength = 0;
  let words = 0;
  for (const segment of text.match(segmentPattern) ?? []) {
    const segmentLength = Array.from(segment).length;
    if (current !== '' && (words >= maxWords || currentLength + segmentLength > maxLength)) {
      pieces.push(current);
      current = '';
      currentLength = 0;
      words = 0;
    }
    if (segmentLength > maxLength) {
      pieces.push(...splitByCodePoints(segment, maxLength));
      continue;
    }
    current += segment;
    currentLength += segmentLength;
    words += 1;
  }
  if (current !== '') pieces.push(current);
  return pieces;
}
