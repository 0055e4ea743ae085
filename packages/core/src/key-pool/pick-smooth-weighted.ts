/** A participant of smooth weighted round robin: its configured weight and its running `current` score. */
export interface SmoothWeightedCandidate {
  /** Configured share (> 0). */
  readonly weight: number;
  /** Running score, mutated by every pick this candidate takes part in. Starts at 0. */
  current: number;
}

/**
 * The winner of the next step of nginx's smooth weighted round robin, without taking the step: the candidate whose
 * `current + weight` is largest (ties go to the earliest candidate, so equal weights give a strict round robin in
 * configuration order). Separate from `commitSmoothWeighted` so a caller can drop a winner it cannot use (a probe
 * lease another replica holds) and choose again as if that candidate had not taken part.
 */
export function chooseSmoothWeighted<T extends SmoothWeightedCandidate>(candidates: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const candidate of candidates) {
    if (best === undefined || candidate.current + candidate.weight > best.current + best.weight) best = candidate;
  }
  return best;
}

/**
 * Takes the step that `chooseSmoothWeighted` chose: every candidate's `current` grows by its weight and the winner
 * pays back the total weight of this pick. Over any window of sum(weights) picks each candidate is chosen exactly
 * `weight` times, spread out rather than in bursts (nginx `ngx_http_upstream_get_peer`).
 *
 * Only the candidates passed in take part; the caller leaves out unhealthy or excluded keys and their
 * `current` stays frozen (see `createKeyPool` for why).
 */
export function commitSmoothWeighted<T extends SmoothWeightedCandidate>(candidates: readonly T[], winner: T): void {
  let total = 0;
  for (const candidate of candidates) {
    candidate.current += candidate.weight;
    total += candidate.weight;
  }
  winner.current -= total;
}

/** One whole step of smooth weighted round robin over `candidates`: chooses, commits, returns the winner. */
export function pickSmoothWeighted<T extends SmoothWeightedCandidate>(candidates: readonly T[]): T | undefined {
  const winner = chooseSmoothWeighted(candidates);
  if (winner !== undefined) commitSmoothWeighted(candidates, winner);
  return winner;
}
