/** A participant of smooth weighted round robin: its configured weight and its running `current` score. */
export interface SmoothWeightedCandidate {
  /** Configured share (> 0). */
  readonly weight: number;
  /** Running score, mutated by every pick this candidate takes part in. Starts at 0. */
  current: number;
}

/**
 * One step of nginx's smooth weighted round robin: every candidate's `current` grows by its weight, the largest
 * wins (ties go to the earliest candidate, so equal weights give a strict round robin in configuration order),
 * and the winner pays back the total weight of this pick. Over any window of sum(weights) picks each candidate
 * is chosen exactly `weight` times, spread out rather than in bursts (nginx `ngx_http_upstream_get_peer`).
 *
 * Only the candidates passed in take part; the caller leaves out unhealthy or excluded keys and their
 * `current` stays frozen (see `createKeyPool` for why).
 */
export function pickSmoothWeighted<T extends SmoothWeightedCandidate>(candidates: readonly T[]): T | undefined {
  let total = 0;
  let best: T | undefined;
  for (const candidate of candidates) {
    candidate.current += candidate.weight;
    total += candidate.weight;
    if (best === undefined || candidate.current > best.current) {
      best = candidate;
    }
  }
  if (best !== undefined) {
    best.current -= total;
  }
  return best;
}
