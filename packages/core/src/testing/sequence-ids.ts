import type { IdGenerator, IdKind } from '../ports/id-generator';

/** The separator each id kind uses, mirroring OpenAI's own ids (`chatcmpl-…`, `call_…`). */
const separatorByKind: Record<IdKind, string> = { chatcmpl: '-', call: '_', req: '-', msg: '_', toolu: '_' };

/** An `IdGenerator` that counts per kind: `chatcmpl-1`, `chatcmpl-2`, `call_1`, `req-1`, … */
export function createSequenceIds(): IdGenerator {
  const counters: Record<IdKind, number> = { chatcmpl: 0, call: 0, req: 0, msg: 0, toolu: 0 };
  return {
    next(kind: IdKind): string {
      counters[kind] += 1;
      return `${kind}${separatorByKind[kind]}${counters[kind]}`;
    },
  };
}
