import fc from 'fast-check';
import { locateJsonSyntaxError } from './locate-json-syntax-error';

describe('locateJsonSyntaxError', () => {
  it.each([
    ['{"a":}', 5, 'a JSON value'],
    ['{"a":1', 6, 'more input'],
    ['[1,2,,3]', 5, 'a JSON value'],
    ['{"a":1 "b":2}', 7, "',' or '}'"],
    ["{'a':1}", 1, 'property name in double quotes'],
    ['{"a":1}}', 7, 'the end of the body'],
    ['{"a":"x\ny"}', 7, 'control character'],
    ['{"a":"\\q"}', 6, 'valid escape'],
    ['{"a" 1}', 5, "':'"],
    ['', 0, 'more input'],
  ])('finds the defect of %j at %d', (text, position, expected) => {
    const location = locateJsonSyntaxError(text);
    expect(location?.position).toBe(position);
    expect(location?.expected).toContain(expected);
  });

  it('survives nesting far deeper than any call stack', () => {
    expect(locateJsonSyntaxError(`${'['.repeat(1_000_000)}${']'.repeat(999_999)}`)?.expected).toContain('more input');
  });

  it('agrees with JSON.parse on valid and mutated texts', () => {
    const texts = fc.oneof(
      fc.json(),
      fc.tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', ':', 'x', '\\', '\n')).map(([text, at, insert]) => {
        const index = at % (text.length + 1);
        return text.slice(0, index) + insert + text.slice(index + 1);
      }),
    );
    fc.assert(
      fc.property(texts, (text) => {
        let isValid = true;
        try {
          JSON.parse(text);
        } catch {
          isValid = false;
        }
        expect(locateJsonSyntaxError(text) === undefined).toBe(isValid);
      }),
      { numRuns: 500 },
    );
  });
});
