import { isProxyError } from '../errors/proxy-error';
import type { Clock } from '../ports/clock';
import type { ProxyObserver, UpstreamAttemptEvent } from '../ports/proxy-observer';
import { outcomeOf } from './outcome-of';

/** An observer whose `upstreamAttempt` also takes the error, so the gateway can track whether AskSage is reachable. */
export type AttemptObserver = Omit<ProxyObserver, 'upstreamAttempt'> & { upstreamAttempt(event: UpstreamAttemptEvent, error?: unknown): void };

/** Which attempt this is: everything of the `upstreamAttempt` event except its outcome and duration. */
export type AttemptLabel = Pick<UpstreamAttemptEvent, 'requestId' | 'dialect' | 'model' | 'key' | 'attempt' | 'stream'>;

/**
 * Runs one upstream attempt and reports it: `upstreamAttempt` with its outcome, error code, key verdict and duration.
 * A failure is first passed through `explain` (naming a rejected key, say), and what it returns is reported and thrown.
 */
export async function observeAttempt<T>(
  deps: { clock: Clock; observer: AttemptObserver },
  label: AttemptLabel,
  work: () => Promise<T>,
  explain: (error: unknown) => unknown = (error) => error,
): Promise<T> {
  const startedAt = deps.clock.now();
  try {
    const value = await work();
    deps.observer.upstreamAttempt({ ...label, outcome: 'success', durationMs: deps.clock.now() - startedAt });
    return value;
  } catch (error) {
    const failure = explain(error);
    const verdict = isProxyError(failure) ? failure.keyVerdict : undefined;
    deps.observer.upstreamAttempt(
      {
        ...label,
        outcome: outcomeOf(failure),
        code: isProxyError(failure) ? failure.code : 'internal_error',
        ...(verdict === undefined ? {} : { keyVerdict: verdict }),
        durationMs: deps.clock.now() - startedAt,
      },
      failure,
    );
    throw failure;
  }
}
