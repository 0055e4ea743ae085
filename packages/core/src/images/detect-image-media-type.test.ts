import { detectImageMediaType } from './detect-image-media-type';

const bytes = (...values: Array<number | string>): Uint8Array =>
  Uint8Array.from(values.flatMap((value) => (typeof value === 'string' ? [...value].map((character) => character.charCodeAt(0)) : [value])));

describe('detectImageMediaType', () => {
  it.each([
    ['PNG', bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13), 'image/png'],
    ['JPEG', bytes(0xff, 0xd8, 0xff, 0xe0, 0, 16), 'image/jpeg'],
    ['GIF87a', bytes('GIF87a', 1, 0), 'image/gif'],
    ['GIF89a', bytes('GIF89a', 1, 0), 'image/gif'],
    ['WebP', bytes('RIFF', 0x24, 0, 0, 0, 'WEBPVP8 '), 'image/webp'],
  ])('recognizes %s', (_label, input, expected) => {
    expect(detectImageMediaType(input)).toBe(expected);
  });

  it.each([
    ['an HTML page', bytes('<!doctype html>')],
    ['an SVG', bytes('<svg xmlns="http://www.w3.org/2000/svg">')],
    ['a RIFF that is not WebP (WAV)', bytes('RIFF', 0x24, 0, 0, 0, 'WAVEfmt ')],
    ['a truncated PNG signature', bytes(0x89, 'PNG', 0x0d, 0x0a)],
    ['a PDF', bytes('%PDF-1.7')],
    ['nothing', bytes()],
  ])('refuses %s', (_label, input) => {
    expect(detectImageMediaType(input)).toBeUndefined();
  });
});
