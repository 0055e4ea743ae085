/** Identifier kinds core asks for. */
export type IdKind = 'chatcmpl' | 'call' | 'req' | 'msg' | 'toolu';

/** Ids enter core only through this port. */
export interface IdGenerator {
  /** A new unique id with the kind as prefix, e.g. `chatcmpl-…`, `call_…`, `msg_…`, `toolu_…` (Anthropic). */
  next(kind: IdKind): string;
}
