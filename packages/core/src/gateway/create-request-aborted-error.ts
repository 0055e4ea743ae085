import { ProxyError } from '../errors/proxy-error';

/**
 * The error for a request its caller gave up on. It carries no key verdict, so the key pool never holds it
 * against the key in use, and it is not retryable: nobody is waiting for the answer.
 */
export function createRequestAbortedError(cause?: unknown): ProxyError {
  return new ProxyError('request_aborted', 'The client closed the request before AskSage answered.', { cause });
}
