/**
 * What checking one (model, key) pair found:
 * - `ok`: AskSage answered with a real completion;
 * - `denied`: the key may not use the model (bad key, not entitled, or not listed by get-models for the key);
 * - `retired`: AskSage says the model is no longer available;
 * - `error`: anything else (overloaded, outage, unreadable reply); the pair is not trusted.
 */
export type ModelValidationStatus = 'ok' | 'denied' | 'retired' | 'error';

/** One (model, key) pair to test with a real query. */
export interface ModelValidationProbe {
  /** Exact AskSage model id. */
  model: string;
  /** Name of the key to test with (never the secret). */
  keyName: string;
}

/** The verdict on one (model, key) pair. */
export interface ModelValidationResult extends ModelValidationProbe {
  /** What was found. */
  status: ModelValidationStatus;
  /** Short reason for the operator (an error code or "not listed by get-models"); never a key. */
  detail?: string;
}

/** What `get-models` said for one key: the ids it lists, or why the listing failed. */
export interface KeyModelListing {
  /** The key's configured name. */
  keyName: string;
  /** Ids AskSage listed for this key; absent when the listing failed. */
  models?: readonly string[];
  /** Set when the listing failed: `denied` for a rejected key ("Token is invalid"), else `error`. */
  failure?: ModelValidationStatus;
  /** Reason of the failure, for the report. */
  detail?: string;
}

/** Which pairs to query and which are already decided without spending tokens. */
export interface ModelValidationPlan {
  /** Pairs to test with a query, curated order then key order. */
  probes: ModelValidationProbe[];
  /** Pairs settled by the listings alone (not listed for the key, or the listing failed). */
  settled: ModelValidationResult[];
}
