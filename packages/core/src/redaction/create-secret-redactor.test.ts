import { createSecretRedactor, redactSecrets } from './create-secret-redactor';

const key = 'asksage-simulator-not-a-secret-0000000000000000000000000000000000';

describe('redactSecrets with known secrets', () => {
  it.each([
    [`bad key ${key} rejected`, 'bad key [redacted] rejected'],
    [`bad key prefix ${key.slice(0, 30)}...`, 'bad key prefix [redacted]...'],
    [`key ${key.slice(8, 38)} rejected`, 'key [redacted] rejected'],
    ['nothing secret here, just a long sentence about tokens', 'nothing secret here, just a long sentence about tokens'],
  ])('%s', (input, expected) => {
    expect(redactSecrets(input, [key])).toBe(expected);
  });

  it('leaves no 20-character piece of any key behind', () => {
    const other = 'Zq7x9Lm2Pp4Rt6Vw8Yb1Nc3Md5Kf7Hg9Jj2Ll4Ss6Uu8Ww0Xx2Zz4Aa6Bb8Cc0Dd2';
    const text = `first ${key.slice(3, 50)} then ${other.slice(10)} and ${other.slice(0, 25)}`;
    const result = redactSecrets(text, [key, other]);
    for (const secret of [key, other]) {
      for (let start = 0; start + 20 <= secret.length; start += 1) expect(result).not.toContain(secret.slice(start, start + 20));
    }
  });
});

describe('redactSecrets patterns, with no known secrets', () => {
  it.each([
    ['a JWT', 'token eyJhbGciOiJIUzUxMiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl here', 'token [redacted] here'],
    ['a 64-character key-shaped token', `key ${'f3'.repeat(32)}.`, 'key [redacted].'],
    ['a key-shaped token with base64 punctuation', `key ${'ab+/='.repeat(13)}`, 'key [redacted]'],
    ['32 letters and digits', `id ${'a1'.repeat(16)} end`, 'id [redacted] end'],
    ['32 letters and digits inside a shorter run with punctuation', `x ${'a1'.repeat(16)}-tail`, 'x [redacted]-tail'],
  ])('hides %s', (_, input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it.each([
    ['ordinary text', 'The model gpt-4.1 is overloaded; retry in 5 s.'],
    ['an OpenAI-style id', 'chatcmpl-0123456789ABCDEFGHIJKLmn req_0123456789ABCDEFGHIJKLmn'],
    ['31 letters and digits', `id ${'a'.repeat(31)}`],
    ['a uuid', '22b2fe14-b693-43cc-b05c-487ebc0efb70'],
  ])('keeps %s', (_, text) => {
    expect(redactSecrets(text)).toBe(text);
  });
});

describe('createSecretRedactor', () => {
  it('hides a key that contains another key whole, whatever order the keys come in', () => {
    const short = 'inbound-proxy-key';
    const long = `${short}-with-a-longer-tail`;
    expect(createSecretRedactor([short, long])(`saw ${long}!`)).toBe('saw [redacted]!');
  });

  it.each([
    ['key characters', 'abcdefghij-KLMNOPQRST_uvwxyz+0123456789'],
    ['punctuation', 'abcdefghij-KLMNOPQRST_uvwxyz.0123456789'],
  ])('finds every 20-character piece of secrets in %s of any length, wherever the piece starts', (_, alphabet) => {
    for (let length = 20; length <= 80; length += 1) {
      const secret = Array.from({ length }, (_, index) => alphabet[(index * 7) % alphabet.length]).join('');
      const redact = createSecretRedactor([secret]);
      for (let start = 0; start + 20 <= length; start += 1) {
        const piece = secret.slice(start, start + 20);
        expect(redact(`<${piece}>`)).toBe('<[redacted]>');
      }
    }
  });

  it('ignores empty secrets and leaves text without secrets alone', () => {
    expect(createSecretRedactor(['', 'k'.repeat(8)])('nothing to see')).toBe('nothing to see');
  });
});
