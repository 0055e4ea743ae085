import type { RandomSource } from '@asksage-proxy/core';

/** The real `RandomSource`: `Math.random`, good enough for backoff jitter and tie-breaks (not for secrets). */
export function createMathRandomSource(): RandomSource {
  return { next: () => Math.random() };
}
