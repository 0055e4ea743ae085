import { base64DecodedLength, decodeBase64 } from './decode-base64';

describe('decodeBase64', () => {
  it('decodes every length and byte value exactly as Node does', () => {
    for (let length = 0; length < 70; length += 1) {
      const bytes = Buffer.from(Array.from({ length }, (_, index) => (index * 37 + length * 11) % 256));
      const text = bytes.toString('base64');
      expect(Buffer.from(decodeBase64(text) ?? []).equals(bytes)).toBe(true);
      expect(base64DecodedLength(text)).toBe(length);
      // URL-safe, unpadded and line-wrapped forms decode the same.
      expect(Buffer.from(decodeBase64(bytes.toString('base64url')) ?? []).equals(bytes)).toBe(true);
      expect(Buffer.from(decodeBase64(text.replace(/(.{8})/g, '$1\n')) ?? []).equals(bytes)).toBe(true);
    }
  });

  it('refuses text that is not base64', () => {
    expect(decodeBase64('@@@@')).toBeUndefined();
    expect(decodeBase64('abcde')).toBeUndefined();
    expect(decodeBase64('ab$d')).toBeUndefined();
  });
});
