import { redactKnownSecrets } from './redact-known-secrets';

const key = 'asksage-simulator-not-a-secret-0000000000000000000000000000000000';

describe('redactKnownSecrets', () => {
  it.each([
    [`bad key ${key} rejected`, 'bad key [redacted] rejected'],
    [`bad key prefix ${key.slice(0, 30)}...`, 'bad key prefix [redacted]...'],
    [`key ${key.slice(8, 38)} rejected`, 'key [redacted] rejected'],
    ['nothing secret here, just a long sentence about tokens', 'nothing secret here, just a long sentence about tokens'],
  ])('%s', (input, expected) => {
    expect(redactKnownSecrets(input, [key])).toBe(expected);
  });

  it('leaves no 20-character piece of any key behind', () => {
    const other = 'Zq7x9Lm2Pp4Rt6Vw8Yb1Nc3Md5Kf7Hg9Jj2Ll4Ss6Uu8Ww0Xx2Zz4Aa6Bb8Cc0Dd2';
    const text = `first ${key.slice(3, 50)} then ${other.slice(10)} and ${other.slice(0, 25)}`;
    const result = redactKnownSecrets(text, [key, other]);
    for (const secret of [key, other]) {
      for (let start = 0; start + 20 <= secret.length; start += 1) expect(result).not.toContain(secret.slice(start, start + 20));
    }
  });
});
