import type { Logger } from '../ports/logger';
import type { ProxyObserver } from '../ports/proxy-observer';
import { noopObserver } from '../ports/proxy-observer';

/** An observer whose failures are logged, never thrown: a broken metrics subscriber must not fail a request. */
export function createSafeObserver(observer: ProxyObserver | undefined, logger: Logger): ProxyObserver {
  if (observer === undefined) return noopObserver;
  const guard = <K extends keyof ProxyObserver>(name: K): ProxyObserver[K] =>
    ((event: Parameters<ProxyObserver[K]>[0]): void => {
      try {
        (observer[name] as (value: typeof event) => void)(event);
      } catch (error) {
        logger.error('An observer failed; the request goes on', { event: name, error: error instanceof Error ? error.message : String(error) });
      }
    }) as ProxyObserver[K];
  return {
    requestFinished: guard('requestFinished'),
    upstreamAttempt: guard('upstreamAttempt'),
    keyStateChanged: guard('keyStateChanged'),
    tokensUsed: guard('tokensUsed'),
    firstEvent: guard('firstEvent'),
  };
}
