import { shortenUrl } from './shorten-url';

describe('shortenUrl', () => {
  it('drops the query, the fragment and credentials, and cuts long paths', () => {
    expect(shortenUrl('https://bucket.example/cat.png?X-Amz-Signature=secret#frag')).toBe('"https://bucket.example/cat.png"');
    expect(shortenUrl('http://user:password@host.example/a.png')).toBe('"http://host.example/a.png"');
    const long = shortenUrl(`https://host.example/${'a'.repeat(200)}.png`);
    expect(long.length).toBeLessThan(70);
    expect(long).toContain('…');
  });
});
