/**
 * The faults an `UpstreamClient` contract harness must be able to provoke on its next `query` call.
 * A real harness asks its simulator for them; the in-memory fake scripts them.
 */
export type ContractFault =
  /** The upstream answers with this HTTP status (and a `Retry-After` header when given). */
  | { kind: 'http'; status: number; retryAfter?: string }
  /** HTTP 200 whose body is truncated, unparseable JSON. */
  | { kind: 'bad-json' }
  /** An HTML error page (what gateways and login portals send) with this status. */
  | { kind: 'html'; status: number }
  /** The connection is reset before a reply arrives. */
  | { kind: 'reset' }
  /** The upstream never answers until the caller gives up. */
  | { kind: 'stall' };
