/**
 * The metric names, in one place because they are a public interface: dashboards and alerts are written against
 * them (docs/operations.md lists each with its labels). Renaming one is a breaking change.
 */
export const metricNames = {
  requests: 'asksage_proxy_requests_total',
  requestDuration: 'asksage_proxy_request_duration_seconds',
  upstreamAttempts: 'asksage_proxy_upstream_attempts_total',
  upstreamFailures: 'asksage_proxy_upstream_failures_total',
  upstreamDuration: 'asksage_proxy_upstream_duration_seconds',
  timeToFirstToken: 'asksage_proxy_time_to_first_token_seconds',
  inputTokens: 'asksage_proxy_input_tokens_total',
  outputTokens: 'asksage_proxy_output_tokens_total',
  asksageTokens: 'asksage_proxy_asksage_tokens_total',
  keyState: 'asksage_proxy_key_state',
  keyWeight: 'asksage_proxy_key_weight',
  keyCooldowns: 'asksage_proxy_key_cooldowns_total',
  keyRestorations: 'asksage_proxy_key_restorations_total',
  streamsInFlight: 'asksage_proxy_streams_in_flight',
} as const;

/** The label value a model name takes when the catalog does not serve it (bounded cardinality). */
export const otherModelLabel = 'other';

/** The label value of `code` on a success, and of `key` when no key was picked. */
export const noneLabel = 'none';
