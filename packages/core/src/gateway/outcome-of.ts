import { isProxyError } from '../errors/proxy-error';
import type { ObservedOutcome } from '../ports/proxy-observer';

/** How a failure reads to observers: the caller's own cancellation is `aborted`, anything else an `error`. */
export function outcomeOf(error: unknown): ObservedOutcome {
  return isProxyError(error) && error.code === 'request_aborted' ? 'aborted' : 'error';
}
