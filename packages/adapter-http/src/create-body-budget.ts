/** A shared allowance of request-body bytes held at once across all requests. */
export interface BodyBudget {
  /** Reserves `bytes`; false when that would exceed the allowance (nothing is reserved then). */
  reserve(bytes: number): boolean;
  /** Gives `bytes` back. */
  release(bytes: number): void;
}

/**
 * Each accepted body lives on, parsed and re-serialized for AskSage, until its answer is sent: a few hundred
 * concurrent 10 MB prompts would exhaust the heap and kill the process (and every other request with it). A
 * global allowance turns that into a 503 the client can retry.
 */
export function createBodyBudget(maxBytes: number): BodyBudget {
  let held = 0;
  return {
    reserve(bytes: number): boolean {
      if (held + bytes > maxBytes && held > 0) return false;
      held += bytes;
      return true;
    },
    release(bytes: number): void {
      held = Math.max(0, held - bytes);
    },
  };
}
