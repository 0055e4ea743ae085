const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const values = new Map<string, number>([...alphabet].map((character, index) => [character, index]));
// The URL-safe alphabet shows up in hand-built data URLs; it decodes the same.
values.set('-', 62);
values.set('_', 63);

/** How many bytes `text` decodes to, without decoding it (for the size cap before allocating). */
export function base64DecodedLength(text: string): number {
  const compact = text.replace(/[\s=]+/g, '');
  return Math.floor((compact.length * 3) / 4);
}

/**
 * Base64 (standard or URL-safe, padding optional, whitespace ignored) to bytes; undefined when `text` is not base64.
 * Core has no `Buffer` or `atob` (it compiles without Node and DOM types), so it decodes by hand.
 */
export function decodeBase64(text: string): Uint8Array | undefined {
  const compact = text.replace(/\s+/g, '').replace(/=+$/, '');
  if (compact.length % 4 === 1) return undefined;
  const bytes = new Uint8Array(Math.floor((compact.length * 3) / 4));
  let buffer = 0;
  let bits = 0;
  let offset = 0;
  for (const character of compact) {
    const value = values.get(character);
    if (value === undefined) return undefined;
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[offset] = (buffer >> bits) & 0xff;
      offset += 1;
    }
  }
  return bytes;
}
