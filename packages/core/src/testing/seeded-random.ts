import type { RandomSource } from '../ports/random-source';

/**
 * A reproducible `RandomSource` (mulberry32): the same seed gives the same sequence on every run,
 * so jitter and tie-breaks in tests are deterministic.
 */
export function createSeededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return {
    next(): number {
      state = (state + 0x6d2b79f5) >>> 0;
      let mixed = state;
      mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
      mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
      return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
    },
  };
}
