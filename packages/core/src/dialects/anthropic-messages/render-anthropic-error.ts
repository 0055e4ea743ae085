import type { RenderableError, SseFrame } from '../dialect';
import type { AnthropicErrorBody, AnthropicErrorType } from './anthropic-messages-types';

/** Codes whose Anthropic type is not the one their status implies (whatever status the HTTP layer chose). */
const typeByCode: Readonly<Record<string, AnthropicErrorType>> = {
  model_overloaded: 'overloaded_error',
};

/** Anthropic's documented type per status (anthropic-sdk-typescript error classes; shared/docs/clients.md). */
function typeOfStatus(status: number): AnthropicErrorType {
  switch (status) {
    case 401:
      return 'authentication_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 413:
      return 'request_too_large';
    case 429:
      return 'rate_limit_error';
    case 529:
      return 'overloaded_error';
    default:
      return status >= 500 ? 'api_error' : 'invalid_request_error';
  }
}

/** A failure in Anthropic's shape, `{type:"error", error:{type, message}}`; the status comes from adapter-http. */
export function renderAnthropicError(error: RenderableError): AnthropicErrorBody {
  const type = Object.hasOwn(typeByCode, error.code) ? typeByCode[error.code] : undefined;
  return { type: 'error', error: { type: type ?? typeOfStatus(error.status), message: error.message } };
}

/** A failure after the stream started: one `event: error` frame, which the SDK raises as an API error. */
export function renderAnthropicStreamError(error: RenderableError): SseFrame[] {
  return [{ event: 'error', data: JSON.stringify(renderAnthropicError(error)) }];
}
