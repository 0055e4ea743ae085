/** Identifier kinds core asks for. */
export type IdKind = 'chatcmpl' | 'call' | 'req';

/** Ids enter core only through this port. */
export interface IdGenerator {
  /** A new unique id with the kind as prefix, e.g. `chatcmpl-…`, `call_…`. */
  next(kind: IdKind): string;
}
