const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * A vector as OpenAI's `encoding_format: "base64"` sends it: little-endian float32 bytes, base64-encoded. Written
 * here because core has no `Buffer` or `btoa`; the OpenAI SDKs ask for base64 by default and decode it.
 */
export function encodeFloat32Base64(vector: readonly number[]): string {
  const bytes = new Uint8Array(vector.length * 4);
  const view = new DataView(bytes.buffer);
  vector.forEach((value, index) => view.setFloat32(index * 4, value, true));
  let text = '';
  for (let index = 0; index < bytes.length; index += 3) {
    const a = bytes[index] as number;
    const b = bytes[index + 1];
    const c = bytes[index + 2];
    const triple = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    text += alphabet[(triple >> 18) & 63]! + alphabet[(triple >> 12) & 63]!;
    text += b === undefined ? '=' : alphabet[(triple >> 6) & 63]!;
    text += c === undefined ? '=' : alphabet[triple & 63]!;
  }
  return text;
}
