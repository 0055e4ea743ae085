import { ProxyError } from '@asksage-proxy/core';
import type { RequestContext } from '@asksage-proxy/core';
import type { Response } from 'express';

/**
 * The per-request context handed to the service: the request id, and a signal that fires when the client goes
 * away before the response is complete, so core aborts the upstream call instead of paying for an unread answer.
 */
export function createRequestContext(response: Response, requestId: string): RequestContext {
  const controller = new AbortController();
  const abortIfUnfinished = (): void => {
    if (!response.writableFinished) {
      controller.abort(new ProxyError('request_aborted', 'the client closed the connection before the response was complete'));
    }
  };
  if (response.destroyed || response.socket?.destroyed === true) abortIfUnfinished();
  else response.once('close', abortIfUnfinished);
  return {
    requestId,
    signal: controller.signal,
    // The gateway says which key served the request and what it cost; the access log line shows it.
    onFinished: (summary) => {
      response.locals.summary = summary;
    },
  };
}
