import { encodeBase64 } from '../../images/encode-base64';

/**
 * A vector as OpenAI's `encoding_format: "base64"` sends it: little-endian float32 bytes, base64-encoded (core's own
 * encoder: core has no `Buffer` or `btoa`); the OpenAI SDKs ask for base64 by default and decode it.
 */
export function encodeFloat32Base64(vector: readonly number[]): string {
  const bytes = new Uint8Array(vector.length * 4);
  const view = new DataView(bytes.buffer);
  vector.forEach((value, index) => view.setFloat32(index * 4, value, true));
  return encodeBase64(bytes);
}
