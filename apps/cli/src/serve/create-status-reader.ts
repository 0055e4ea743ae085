import { buildStatusReport } from '@asksage-proxy/core';
import type { Clock, Gateway, MonthlyUsageReader, StatusReportInputs, UsageLedger } from '@asksage-proxy/core';
import type { HttpOperations } from '@asksage-proxy/adapter-http';
import type { SharedState } from '../runtime/create-shared-state';

/** Inputs of `createStatusReader`. */
export interface StatusReaderOptions {
  gateway: Gateway;
  /** This process's counts (the in-memory `UsageCounter`, kept across reloads). */
  ledger: UsageLedger;
  /** With `redis_url`: the counter every replica adds to. */
  sharedUsage?: SharedState['usage'];
  /** Month-to-date spend from AskSage, cached. */
  monthly: MonthlyUsageReader;
  clock: Clock;
}

/** All replicas' totals, or (when Redis cannot be read in time) why not; the store's state either way. */
async function readShared(shared: SharedState['usage']): Promise<StatusReportInputs['shared']> {
  if (shared === undefined) return undefined;
  try {
    const totals = await shared.counter.read();
    return { store: shared.store(), totals };
  } catch (error) {
    return { store: { ...shared.store(), error: (error as Error).message } };
  }
}

/**
 * `GET /status.json`: the gateway's health (key health the replicas share), usage counts and, when asked, each key's
 * month-to-date total from AskSage. Without Redis the counts are this process's ledger; with it, all replicas' totals
 * from Redis beside this replica's own, or this replica's alone, labelled, when Redis does not answer in time (the
 * counter's read is bounded, so the page never waits on a lost Redis).
 */
export function createStatusReader(options: StatusReaderOptions): NonNullable<HttpOperations['status']> {
  const { gateway, ledger, monthly, clock } = options;
  return async ({ monthToDate }) => {
    const [shared, month] = await Promise.all([readShared(options.sharedUsage), monthToDate ? monthly.read() : undefined]);
    return buildStatusReport({ health: gateway.health(), usage: ledger.snapshot(), ...(shared === undefined ? {} : { shared }), ...(month === undefined ? {} : { monthly: month }), now: clock.now() });
  };
}
