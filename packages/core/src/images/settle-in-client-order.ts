import { createConcurrencyLimit } from '../catalog/create-concurrency-limit';
import { isProxyError, ProxyError } from '../errors/proxy-error';

/**
 * Runs `task` for every item, at most `concurrency` at a time, and returns the results in the items' order. If any
 * failed, the first failure *in the client's order* is thrown (whichever finished first), so a request with two bad
 * images always names the same one; an unexpected error becomes `internal_error` (its cause kept for the log).
 */
export async function settleInClientOrder<T, R>(items: readonly T[], concurrency: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const limit = createConcurrencyLimit(Math.max(1, concurrency));
  const settled = await Promise.allSettled(items.map((item, index) => limit(() => task(item, index))));
  const failure = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure !== undefined) {
    const reason: unknown = failure.reason;
    throw isProxyError(reason) ? reason : new ProxyError('internal_error', 'An image could not be prepared.', { cause: reason });
  }
  return settled.map((result) => (result as PromiseFulfilledResult<R>).value);
}
