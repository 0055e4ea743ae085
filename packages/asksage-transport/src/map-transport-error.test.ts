import { ProxyError } from '@asksage-proxy/core';
import type { ProxyErrorCode } from '@asksage-proxy/core';
import { mapTransportError } from './map-transport-error';
import type { TransportErrorContext } from './map-transport-error';

/** An error shaped like the ones axios rejects with: code copied from Node, request config (with the key) attached. */
function axiosLikeError(code: string | undefined, message: string): Error {
  const error = new Error(message) as Error & { code?: string; config?: unknown; isAxiosError?: boolean };
  if (code !== undefined) error.code = code;
  error.isAxiosError = true;
  error.config = { headers: { 'x-access-tokens': 'SECRET-KEY-123' } };
  return error;
}

const plain: TransportErrorContext = { aborted: false };

interface Row {
  situation: string;
  error: unknown;
  context?: TransportErrorContext;
  code: ProxyErrorCode;
  isRetryable: boolean;
  keyVerdict: string | undefined;
  messageIncludes?: string;
}

const table: Row[] = [
  { situation: 'connection reset', error: axiosLikeError('ECONNRESET', 'read ECONNRESET'), code: 'upstream_unavailable', isRetryable: true, keyVerdict: 'failure' },
  // Nothing could be reached: the network's fault, never a key's (issue 17: refused connections benched every key).
  { situation: 'connection refused', error: axiosLikeError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9'), code: 'upstream_unavailable', isRetryable: true, keyVerdict: undefined, messageIncludes: 'asksage_server_base_url' },
  { situation: 'broken pipe', error: axiosLikeError('EPIPE', 'write EPIPE'), code: 'upstream_unavailable', isRetryable: true, keyVerdict: 'failure' },
  { situation: 'OS-level timeout (the network, not the key)', error: axiosLikeError('ETIMEDOUT', 'connect ETIMEDOUT'), code: 'upstream_timeout', isRetryable: true, keyVerdict: undefined, messageIncludes: 'asksage_server_base_url' },
  { situation: 'connection aborted by the network', error: axiosLikeError('ECONNABORTED', 'aborted'), code: 'upstream_unavailable', isRetryable: true, keyVerdict: 'failure' },
  { situation: 'socket hang up without a code', error: axiosLikeError(undefined, 'socket hang up'), code: 'upstream_unavailable', isRetryable: true, keyVerdict: 'failure' },
  { situation: 'temporary DNS failure', error: axiosLikeError('EAI_AGAIN', 'getaddrinfo EAI_AGAIN api.asksage.ai'), code: 'upstream_unavailable', isRetryable: true, keyVerdict: undefined, messageIncludes: 'asksage_server_base_url' },
  { situation: 'unknown host', error: axiosLikeError('ENOTFOUND', 'getaddrinfo ENOTFOUND api.asksage.example'), code: 'upstream_unavailable', isRetryable: false, keyVerdict: undefined, messageIncludes: 'server_base_url' },
  { situation: 'untrusted leaf certificate', error: axiosLikeError('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate'), code: 'upstream_unavailable', isRetryable: false, keyVerdict: undefined, messageIncludes: 'cert_path' },
  { situation: 'self-signed CA in chain', error: axiosLikeError('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain'), code: 'upstream_unavailable', isRetryable: false, keyVerdict: undefined, messageIncludes: 'cert_path' },
  { situation: 'issuer not found locally', error: axiosLikeError('UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'unable to get local issuer certificate'), code: 'upstream_unavailable', isRetryable: false, keyVerdict: undefined, messageIncludes: 'cert_path' },
  { situation: 'expired certificate', error: axiosLikeError('CERT_HAS_EXPIRED', 'certificate has expired'), code: 'upstream_unavailable', isRetryable: false, keyVerdict: undefined, messageIncludes: 'cert_path' },
  { situation: 'TLS to a plain-HTTP port', error: axiosLikeError('ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number'), code: 'upstream_unavailable', isRetryable: false, keyVerdict: undefined, messageIncludes: 'https' },
  { situation: 'key with a character HTTP headers cannot carry', error: axiosLikeError('ERR_INVALID_CHAR', 'Invalid character in header content ["x-access-tokens"]'), code: 'upstream_authentication', isRetryable: true, keyVerdict: 'invalid' },
  { situation: 'reply over maxContentLength', error: axiosLikeError('ERR_BAD_RESPONSE', 'maxContentLength size of 67108864 exceeded'), code: 'upstream_bad_response', isRetryable: true, keyVerdict: 'failure' },
  { situation: 'caller abort (axios ERR_CANCELED)', error: axiosLikeError('ERR_CANCELED', 'canceled'), context: { aborted: true }, code: 'request_aborted', isRetryable: false, keyVerdict: undefined },
  { situation: 'caller abort wins over the socket error it causes', error: axiosLikeError('ECONNRESET', 'socket hang up'), context: { aborted: true }, code: 'request_aborted', isRetryable: false, keyVerdict: undefined },
  { situation: 'cancellation with no known reason', error: axiosLikeError('ERR_CANCELED', 'canceled'), code: 'request_aborted', isRetryable: false, keyVerdict: undefined },
  { situation: 'connect timeout', error: axiosLikeError('ERR_CANCELED', 'canceled'), context: { aborted: false, timedOut: { phase: 'connect', afterMs: 10_000 } }, code: 'upstream_timeout', isRetryable: true, keyVerdict: undefined, messageIncludes: 'connect' },
  { situation: 'refused on the user root names its setting', error: axiosLikeError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9'), context: { aborted: false, url: 'http://127.0.0.1:9/user/get-token-with-api-key', setting: 'asksage_user_base_url' }, code: 'upstream_unavailable', isRetryable: true, keyVerdict: undefined, messageIncludes: 'check asksage_user_base_url' },
  { situation: 'total timeout', error: axiosLikeError('ERR_CANCELED', 'canceled'), context: { aborted: false, timedOut: { phase: 'total', afterMs: 600_000 } }, code: 'upstream_timeout', isRetryable: true, keyVerdict: 'failure', messageIncludes: 'within 600 s' },
  { situation: 'some other coded network error', error: axiosLikeError('EADDRNOTAVAIL', 'connect EADDRNOTAVAIL'), code: 'upstream_unavailable', isRetryable: true, keyVerdict: 'failure' },
  { situation: 'a bug (plain TypeError)', error: new TypeError('cannot read properties of undefined'), code: 'internal_error', isRetryable: false, keyVerdict: undefined },
];

describe('mapTransportError', () => {
  it.each(table)('$situation -> $code', ({ error, context, code, isRetryable, keyVerdict, messageIncludes }) => {
    const mapped = mapTransportError(error, context ?? plain);
    expect(mapped).toBeInstanceOf(ProxyError);
    expect({ code: mapped.code, isRetryable: mapped.isRetryable, keyVerdict: mapped.keyVerdict }).toEqual({ code, isRetryable, keyVerdict });
    if (messageIncludes) expect(mapped.message).toContain(messageIncludes);
    // The axios error carries the key in config.headers: only a sanitized { code, message } may survive as cause.
    expect(JSON.stringify(mapped)).not.toContain('SECRET-KEY-123');
    expect(mapped.message).not.toContain('SECRET-KEY-123');
  });

  it('passes a ProxyError through unchanged (e.g. one built from an HTTP status)', () => {
    const original = new ProxyError('upstream_rate_limited', 'slow down', { retryAfterSeconds: 3 });
    expect(mapTransportError(original, plain)).toBe(original);
  });

  it('keeps the low-level code and message as a loggable cause', () => {
    const mapped = mapTransportError(axiosLikeError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9'), plain);
    expect((mapped as { cause?: unknown }).cause).toEqual({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:9' });
  });
});
