import type { ObservedErrorCode } from '../ports/proxy-observer';

/** What one key did since the proxy started (or since the ledger was created). */
export interface KeyUsage {
  /** Client requests this key answered (or was the last one tried for). */
  requests: number;
  /** Upstream calls made with this key, failovers included. */
  attempts: number;
  /** Upstream calls with this key that failed (the client going away is not a failure). */
  failures: number;
  /** Prompt tokens billed to this key. */
  inputTokens: number;
  /** Completion tokens billed to this key. */
  outputTokens: number;
  /** AskSage's billing tokens (`usage.asksage_tokens`), when AskSage reported them. */
  asksageTokens: number;
}

/** What one served model did. */
export interface ModelUsage {
  /** Client requests for it. */
  requests: number;
  /** Those that ended in an error. */
  failures: number;
  /** Prompt tokens. */
  inputTokens: number;
  /** Completion tokens. */
  outputTokens: number;
}

/** One failed request, as codes and names only: never a message (messages may quote the client or AskSage). */
export interface RecentError {
  /** ms epoch. */
  at: number;
  /** Correlates with the log lines. */
  requestId: string;
  /** The dialect that served it. */
  dialect: string;
  /** The resolved model, or `(unknown)` when resolution failed (the client's text is not repeated). */
  model: string;
  /** The failure's code. */
  code: ObservedErrorCode | 'error';
  /** The last key tried, by name. */
  key?: string;
}

/** Requests per minute, oldest first; the last entry is the current (partial) minute. */
export interface RequestRate {
  /** ms epoch of the first entry's minute. */
  firstMinute: number;
  /** One count per minute. */
  counts: number[];
}

/** Usage counts as a `UsageCounter` reads them back. Key names and resolved model ids only. */
export interface UsageTotals {
  /** ms epoch since when these counts run (for a shared counter: since its store began counting). */
  since: number;
  /** By key name. */
  keys: Record<string, KeyUsage>;
  /** By resolved model id; requests whose model did not resolve are under `(unknown)`. */
  models: Record<string, ModelUsage>;
  /** Requests per minute over the last hour. */
  requestsPerMinute: RequestRate;
}

/** Everything the ledger counted in this process. Key names only. */
export interface UsageSnapshot extends UsageTotals {
  /** Newest first. */
  recentErrors: RecentError[];
}
