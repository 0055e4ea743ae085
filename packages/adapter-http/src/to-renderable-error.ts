import { isProxyError } from '@asksage-proxy/core';
import type { RenderableError } from '@asksage-proxy/core';
import { httpStatusByErrorCode, httpStatusOf } from './http-status-by-error-code';
import { HttpRequestError } from './http-request-error';

/** The longest wait a client is told to take (the key pool's own cooldowns are shorter). */
const maxRetryAfterSeconds = 3600;

/** A failure ready for a dialect to render: status, code, message, and the `Retry-After` to send. */
export interface HttpFailure {
  error: RenderableError;
  /** Whole seconds for `Retry-After`, when the upstream said how long to wait. */
  retryAfterSeconds: number | undefined;
  /** False for errors that are bugs: their details belong in the log, not in the response. */
  isExpected: boolean;
}

/**
 * Anything thrown -> what the client is told. `ProxyError`s keep their message (written for the user); anything else
 * is a bug and gets a generic message pointing at the log line of `requestId`. The status is the one `dialectId`
 * answers with (see `httpStatusOf`).
 */
export function toRenderableError(error: unknown, requestId: string, dialectId?: string): HttpFailure {
  // internal_error is a bug by definition (see core's proxyErrorCodes): its text stays in the log too.
  const known = isProxyError(error) || error instanceof HttpRequestError;
  if (!known || !(error.code in httpStatusByErrorCode) || error.code === 'internal_error') {
    return {
      error: { code: 'internal_error', message: `internal error; see the proxy log for request ${requestId}`, param: null, status: 500 },
      retryAfterSeconds: undefined,
      isExpected: false,
    };
  }
  const retryAfter = error.retryAfterSeconds;
  return {
    error: { code: error.code, message: error.message, param: error.param ?? null, status: httpStatusOf(error.code, dialectId) },
    // Upstream may say anything (`Retry-After: 99999999999`); a client told to wait days would just stop.
    retryAfterSeconds:
      typeof retryAfter === 'number' && Number.isFinite(retryAfter) && retryAfter >= 0 ? Math.min(Math.ceil(retryAfter), maxRetryAfterSeconds) : undefined,
    isExpected: true,
  };
}
