import type { UsageTotals } from '../usage/usage-snapshot';
import type { ProxyObserver } from './proxy-observer';

/**
 * Usage per key name and per resolved model, counted from the observer events and read back for `GET /status.json`
 * and the status page. The in-memory ledger (the default) counts this process; a shared counter (Redis, with
 * `redis_url`) counts every replica's requests. The events run on the request path and return at once (a shared
 * counter batches its writes); `read` runs only when someone looks. Contract: `describeUsageCounterContract` in
 * `@asksage-proxy/core/testing`.
 */
export interface UsageCounter extends Pick<ProxyObserver, 'requestFinished' | 'upstreamAttempt' | 'tokensUsed'> {
  /**
   * The counts now, this counter's own events included (also those a shared counter has not written yet). Rejects,
   * within a bounded time, when a shared store cannot be read: the caller then shows this process's own counts.
   */
  read(): Promise<UsageTotals>;
}
