import { decodeBase64 } from './decode-base64';
import { encodeBase64 } from './encode-base64';

describe('encodeBase64', () => {
  it.each([
    ['', ''],
    ['f', 'Zg=='],
    ['fo', 'Zm8='],
    ['foo', 'Zm9v'],
    ['foobar', 'Zm9vYmFy'],
  ])('encodes %j as %j (RFC 4648 test vectors)', (text, expected) => {
    expect(encodeBase64(new TextEncoder().encode(text))).toBe(expected);
  });

  it('round-trips every byte value, across the chunk boundary', () => {
    const bytes = new Uint8Array(200_000).map((_value, index) => (index * 7) % 256);
    expect(decodeBase64(encodeBase64(bytes))).toEqual(bytes);
    expect(encodeBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  });
});
