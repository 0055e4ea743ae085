/**
 * Ids enter core only through this port. The prefix is the caller's and includes its separator, because each dialect
 * has its own id formats (`chatcmpl-`, `call_`, `resp_`, `msg_`, `toolu_`, `req_`); the generator adds a unique tail.
 */
export interface IdGenerator {
  /** A new unique id starting with `prefix`, e.g. `next('call_')` -> `call_…`. */
  next(prefix: string): string;
}
