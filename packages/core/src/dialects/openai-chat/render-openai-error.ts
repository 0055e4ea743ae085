import type { RenderableError } from '../dialect';

/** OpenAI's `error.type` vocabulary, by HTTP status, as its API and SDKs use it. */
export type OpenAIErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'insufficient_quota'
  | 'server_error';

/** OpenAI's error envelope, the body every OpenAI SDK turns into an exception. */
export interface OpenAIErrorEnvelope {
  error: { message: string; type: OpenAIErrorType; param: string | null; code: string };
}

function typeOf(error: RenderableError): OpenAIErrorType {
  // OpenAI itself answers a spent quota with 429 type 'insufficient_quota'; SDKs then do not retry forever.
  if (error.code === 'quota_exceeded') return 'insufficient_quota';
  if (error.status === 401) return 'authentication_error';
  if (error.status === 403) return 'permission_error';
  if (error.status === 404) return 'not_found_error';
  if (error.status === 429) return 'rate_limit_error';
  if (error.status >= 500) return 'server_error';
  return 'invalid_request_error';
}

/** A failure -> OpenAI's `{ error: { message, type, param, code } }`; the type follows the status. */
export function renderOpenAIError(error: RenderableError): OpenAIErrorEnvelope {
  return { error: { message: error.message, type: typeOf(error), param: error.param, code: error.code } };
}
