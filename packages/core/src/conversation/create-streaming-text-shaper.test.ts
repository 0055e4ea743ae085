import fc from 'fast-check';
import { applyOutputConstraints } from './apply-output-constraints';
import { stripLeadingBlankLines } from '../asksage/strip-leading-blank-lines';
import { createStreamingTextShaper } from './create-streaming-text-shaper';

function shapeInPieces(text: string, cuts: number[], stop: string[] | undefined) {
  const shaper = createStreamingTextShaper({ sampling: stop === undefined ? {} : { stop } });
  const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
  let out = '';
  let previous = 0;
  for (const point of [...points, text.length]) {
    out += shaper.push(text.slice(previous, point));
    previous = point;
  }
  out += shaper.end();
  return { out, stopSequence: shaper.stopSequence, emitted: shaper.emitted };
}

describe('createStreamingTextShaper', () => {
  it('holds leading blank lines until text arrives, keeping the first line indentation', () => {
    const shaper = createStreamingTextShaper({ sampling: {} });
    expect(shaper.push('\n')).toBe('');
    expect(shaper.push('\n  ')).toBe('');
    expect(shaper.push('code')).toBe('  code');
    expect(shaper.push('\n\nmore')).toBe('\n\nmore');
    expect(shaper.end()).toBe('');
  });

  it('holds a tail that may begin a stop sequence, and cuts before the sequence', () => {
    const shaper = createStreamingTextShaper({ sampling: { stop: ['Observation:'] } });
    expect(shaper.push('Thought: call the tool\nObserv')).toBe('Thought: call the ');
    expect(shaper.push('ation: 42')).toBe('tool\n');
    expect(shaper.stopSequence).toBe('Observation:');
    expect(shaper.push('more text')).toBe('');
    expect(shaper.end()).toBe('');
  });

  it('prefers a longer sequence that starts earlier, as the whole-text cut does', () => {
    const shaper = createStreamingTextShaper({ sampling: { stop: ['abcdef', 'c'] } });
    let out = shaper.push('xxabc');
    out += shaper.push('def tail');
    out += shaper.end();
    expect(out).toBe('xx');
    expect(shaper.stopSequence).toBe('abcdef');
  });

  it('sends byte for byte what the whole reply holds, however the text is cut (property)', () => {
    const unit = fc.constantFrom('a', ' ', '\n', '\r\n', '\t', 'STOP', 'ST', '👩‍💻', '🚀', '日', 'é');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 60 }), fc.array(fc.nat(200), { maxLength: 12 }), fc.option(fc.constantFrom<string[]>(['STOP'], ['\n\n', 'OP'], ['🚀']), { nil: undefined }), (text, cuts, stop) => {
        const expected = applyOutputConstraints(stripLeadingBlankLines(text), { sampling: stop === undefined ? {} : { stop } });
        const shaped = shapeInPieces(text, cuts, stop);
        expect(shaped.out).toBe(expected.text);
        expect(shaped.stopSequence).toBe(expected.stopSequence);
      }),
      { numRuns: 500 },
    );
  });
});
