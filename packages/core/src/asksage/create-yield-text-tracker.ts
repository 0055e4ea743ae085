/** Keeps the text already emitted from `type:"yield"` frames and turns each frame's text into what is new. */
export interface YieldTextTracker {
  /** The new text this yield frame adds ('' when it adds none). */
  next(frameText: string): string;
  /** The rest of the final envelope's text after what was emitted, or `undefined` when it does not continue it. */
  finish(finalText: string): string | undefined;
}

/**
 * Whether AskSage's yield frames carry a delta or the whole text so far is UNCERTAIN (protocol doc §2.5), so the
 * second non-empty yield decides: one that starts with everything emitted so far is cumulative (only its new
 * suffix is emitted), any other makes the stream a delta stream. The decision then holds for the stream, so a
 * delta that happens to repeat earlier text is not mistaken for a cumulative frame later on. A cumulative frame
 * that rewrites earlier text emits nothing: text already sent cannot be taken back, and the final envelope, which
 * is authoritative, tells the caller whether what it sent was right.
 */
export function createYieldTextTracker(): YieldTextTracker {
  let emitted = '';
  let mode: 'undecided' | 'delta' | 'cumulative' = 'undecided';

  function next(frameText: string): string {
    if (frameText === '') return '';
    let delta = frameText;
    if (emitted !== '' && mode === 'undecided') mode = frameText.startsWith(emitted) ? 'cumulative' : 'delta';
    if (mode === 'cumulative') delta = frameText.startsWith(emitted) ? frameText.slice(emitted.length) : '';
    emitted += delta;
    return delta;
  }

  function finish(finalText: string): string | undefined {
    return finalText.startsWith(emitted) ? finalText.slice(emitted.length) : undefined;
  }

  return { next, finish };
}
