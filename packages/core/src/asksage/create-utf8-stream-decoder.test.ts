import { createUtf8StreamDecoder } from './create-utf8-stream-decoder';

function decodeInPieces(bytes: Uint8Array, cuts: number[]): string {
  const decoder = createUtf8StreamDecoder();
  const bounds = [0, ...cuts, bytes.length];
  return bounds.slice(1).map((end, index) => decoder.decode(bytes.subarray(bounds[index], end))).join('') + decoder.flush();
}

describe('createUtf8StreamDecoder', () => {
  const text = 'aé€𐍈🚀👩‍💻 東京 Größe';
  const bytes = new TextEncoder().encode(text);

  it('decodes characters cut between reads at any byte', () => {
    for (let first = 0; first <= bytes.length; first += 1) {
      for (let second = first; second <= bytes.length; second += 1) {
        expect(decodeInPieces(bytes, [first, second])).toBe(text);
      }
    }
  });

  it.each([
    ['a lone continuation byte', [0x61, 0x80, 0x62]],
    ['an overlong encoding', [0xc0, 0xaf]],
    ['a UTF-16 surrogate encoded in UTF-8', [0xed, 0xa0, 0x80]],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['a sequence broken by an ASCII byte', [0xe6, 0x9d, 0x41]],
    ['a sequence cut off by the end', [0x61, 0xf0, 0x9f, 0x9a]],
  ])('replaces %s as TextDecoder does, whatever the cuts', (_, input) => {
    const invalid = Uint8Array.from(input);
    const expected = new TextDecoder('utf-8').decode(invalid);
    expect(decodeInPieces(invalid, [])).toBe(expected);
    for (let cut = 0; cut <= invalid.length; cut += 1) expect(decodeInPieces(invalid, [cut])).toBe(expected);
  });
});
