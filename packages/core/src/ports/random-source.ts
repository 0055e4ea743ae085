/** Randomness enters core only through this port (jitter, tie-breaks). */
export interface RandomSource {
  /** A number in [0, 1). */
  next(): number;
}
