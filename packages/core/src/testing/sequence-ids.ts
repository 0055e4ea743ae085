import type { IdGenerator } from '../ports/id-generator';

/** An `IdGenerator` that counts per prefix: `chatcmpl-1`, `chatcmpl-2`, `call_1`, `req_1`, … */
export function createSequenceIds(): IdGenerator {
  const counters = new Map<string, number>();
  return {
    next(prefix: string): string {
      const count = (counters.get(prefix) ?? 0) + 1;
      counters.set(prefix, count);
      return `${prefix}${count}`;
    },
  };
}
