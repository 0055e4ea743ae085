const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Bytes to standard, padded base64 (what data: URLs and Anthropic's `source.data` carry). Core has no `Buffer` or
 * `btoa` (it compiles without Node and DOM types), so it encodes by hand; pieces are joined once at the end.
 */
export function encodeBase64(bytes: Uint8Array): string {
  const pieces: string[] = [];
  let chunk = '';
  for (let index = 0; index < bytes.length; index += 3) {
    const first = bytes[index] ?? 0;
    const second = bytes[index + 1];
    const third = bytes[index + 2];
    const triple = (first << 16) | ((second ?? 0) << 8) | (third ?? 0);
    chunk +=
      alphabet.charAt((triple >> 18) & 63) +
      alphabet.charAt((triple >> 12) & 63) +
      (second === undefined ? '=' : alphabet.charAt((triple >> 6) & 63)) +
      (third === undefined ? '=' : alphabet.charAt(triple & 63));
    // Keeps each string short: one huge `+=` chain over 20 MB would be rebuilt as ropes on every flatten.
    if (chunk.length >= 65_536) {
      pieces.push(chunk);
      chunk = '';
    }
  }
  pieces.push(chunk);
  return pieces.join('');
}
