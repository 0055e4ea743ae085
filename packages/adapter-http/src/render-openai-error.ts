import { isProxyError } from '@asksage-proxy/core';
import type { ProxyErrorCode } from '@asksage-proxy/core';
import { httpStatusByErrorCode } from './http-status-by-error-code';
import type { OpenAIErrorType } from './http-status-by-error-code';

/** OpenAI's error envelope, the body every OpenAI SDK knows how to turn into an exception. */
export interface OpenAIErrorEnvelope {
  error: { message: string; type: OpenAIErrorType; param: string | null; code: ProxyErrorCode };
}

/** The longest wait a client is told to take (the key pool's own cooldowns are shorter). */
const maxRetryAfterSeconds = 3600;

/** A failure ready to be written: status, body and optional `Retry-After` seconds. */
export interface RenderedOpenAIError {
  status: number;
  envelope: OpenAIErrorEnvelope;
  /** Whole seconds for `Retry-After`, when the upstream said how long to wait. */
  retryAfterSeconds: number | undefined;
  /** False for errors that are bugs: their details belong in the log, not in the response. */
  isExpected: boolean;
}

/**
 * Turns anything thrown into what the client sees. `ProxyError`s keep their message (written for the user);
 * anything else is a bug and gets a generic message pointing at the log line of `requestId`.
 */
export function renderOpenAIError(error: unknown, requestId: string): RenderedOpenAIError {
  // internal_error is a bug by definition (see core's proxyErrorCodes): its text stays in the log too.
  if (!isProxyError(error) || !(error.code in httpStatusByErrorCode) || error.code === 'internal_error') {
    return {
      status: 500,
      envelope: {
        error: { message: `internal error; see the proxy log for request ${requestId}`, type: 'server_error', param: null, code: 'internal_error' },
      },
      retryAfterSeconds: undefined,
      isExpected: false,
    };
  }
  const mapping = httpStatusByErrorCode[error.code];
  const retryAfter = error.retryAfterSeconds;
  return {
    status: mapping.status,
    envelope: { error: { message: error.message, type: mapping.type, param: error.param ?? null, code: error.code } },
    // Upstream may say anything (`Retry-After: 99999999999`); a client told to wait days would just stop.
    retryAfterSeconds:
      typeof retryAfter === 'number' && Number.isFinite(retryAfter) && retryAfter >= 0 ? Math.min(Math.ceil(retryAfter), maxRetryAfterSeconds) : undefined,
    isExpected: true,
  };
}
