import { ProxyError } from '../errors/proxy-error';
import { createUpstreamHttpError } from '../asksage/create-upstream-http-error';
import type { ContractFault } from './contract-fault';

/** A small gateway error page, like the ones load balancers serve in front of AskSage. */
const htmlErrorPage = '<!DOCTYPE html><html><head><title>Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>';

/**
 * The `ProxyError` the real AskSage adapter produces for a fault, so the in-memory fake fails the same way.
 * `stall` has no error of its own (it ends with `request_aborted` when the caller gives up).
 */
export function createContractFaultError(fault: Exclude<ContractFault, { kind: 'stall' }>): ProxyError {
  switch (fault.kind) {
    case 'http':
      return createUpstreamHttpError(fault.status, { response: `HTTP ${fault.status}`, status: fault.status }, fault.retryAfter ?? null);
    case 'html':
      if (fault.status < 200 || fault.status > 299) return createUpstreamHttpError(fault.status, htmlErrorPage, null);
      return new ProxyError('upstream_bad_response', 'AskSage (fake) answered with an HTML page instead of JSON; check server_base_url.', {
        isRetryable: true,
        keyVerdict: 'failure',
      });
    case 'bad-json':
      return new ProxyError('upstream_bad_response', 'AskSage (fake) answered with a body that is not valid JSON.', {
        isRetryable: true,
        keyVerdict: 'failure',
      });
    case 'reset':
      return new ProxyError('upstream_unavailable', 'The connection to AskSage (fake) was reset before it answered.', {
        isRetryable: true,
        keyVerdict: 'failure',
      });
  }
}
