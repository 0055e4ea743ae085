import { ProxyError, isProxyError } from '@asksage-proxy/core';

/** What the adapter knows about why a call ended, beyond the error itself. */
export interface TransportErrorContext {
  /** The caller's signal fired: the client went away, so nothing is the key's fault. */
  aborted: boolean;
  /** One of the adapter's own timers fired, and which. */
  timedOut?: { phase: 'connect' | 'total'; afterMs: number };
  /** The URL called (no key in it), so network failures say where the proxy tried to go. */
  url?: string;
  /** The config key that sets this URL, named in messages; default `asksage_server_base_url`. */
  setting?: string;
}

/** A failed TLS handshake that is not about trust (a wrong scheme or port, a protocol mismatch): Node's and OpenSSL's codes. */
export function isTlsHandshakeCode(code: string): boolean {
  return code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || code === 'EPROTO';
}

/** Certificate verification failures: Node's TLS error codes for an untrusted or mismatched certificate. */
export const certificateCodes: ReadonlySet<string> = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_CRL',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_REJECTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Failures that a second attempt (maybe on a fresh connection) can fix. */
// A connection that broke while in use: possibly AskSage shedding load, counted toward the key's circuit breaker.
const transientConnectionCodes = new Set(['ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE']);

// No connection could be made at all: the upstream (or the network) is down for every key alike, so no key is
// blamed for it (benching keys would only keep them out after the network comes back).
const unreachableCodes = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'EHOSTDOWN']);

/** The error code of a Node or axios error; axios copies the wrapped error's code, but not always (AggregateError). */
function readCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, cause } = error as { code?: unknown; cause?: unknown };
  if (typeof code === 'string') return code;
  const causeCode = typeof cause === 'object' && cause !== null ? (cause as { code?: unknown }).code : undefined;
  return typeof causeCode === 'string' ? causeCode : undefined;
}

function readMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A cause that is safe to log: an axios error holds the request config, whose headers include the API key,
 * and circular socket internals; only the code and the low-level message survive.
 */
function sanitizedCause(error: unknown): { code: string | undefined; message: string } {
  return { code: readCode(error), message: readMessage(error) };
}

/** The origin called, for messages; never a path or query (nothing secret is in them, but they add nothing). */
function where(context: TransportErrorContext): string {
  if (context.url === undefined) return settingOf(context);
  try {
    return new URL(context.url).origin;
  } catch {
    return settingOf(context);
  }
}

/** The config key to check. */
function settingOf(context: TransportErrorContext): string {
  return context.setting ?? 'asksage_server_base_url';
}

/** Milliseconds as the seconds users configure (`timeout_seconds`), without trailing zeros. */
function seconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}

/**
 * An axios/Node transport failure -> the `ProxyError` core expects from the upstream port. Pure: the adapter
 * passes what it knows (caller abort, which timer fired) because those look alike at the socket level
 * (every one of them is just a cancelled request).
 */
export function mapTransportError(error: unknown, context: TransportErrorContext): ProxyError {
  if (isProxyError(error)) return error;
  const cause = sanitizedCause(error);
  // A caller's cancellation never counts against a key (no keyVerdict) and is never retried.
  if (context.aborted) return new ProxyError('request_aborted', 'The client cancelled the request; the AskSage call was stopped.', { cause });
  // No connection at all (a VPN down, a firewall dropping packets): the network's state, not any key's, so no key is
  // benched for it and the gateway reports AskSage unreachable instead.
  if (context.timedOut?.phase === 'connect') {
    return new ProxyError('upstream_timeout', `Could not connect to AskSage at ${where(context)} within ${seconds(context.timedOut.afterMs)} s; check ${settingOf(context)} and the network (VPN, firewall), or raise connect_timeout_seconds.`, { isRetryable: true, cause });
  }
  if (context.timedOut) {
    return new ProxyError('upstream_timeout', `AskSage did not answer within ${seconds(context.timedOut.afterMs)} s; retry, or raise timeout_seconds in config.yaml for long generations.`, { isRetryable: true, keyVerdict: 'failure', cause });
  }
  const code = cause.code;
  if (code === 'ERR_CANCELED') return new ProxyError('request_aborted', 'The AskSage call was cancelled.', { cause });
  if (code !== undefined && certificateCodes.has(code)) {
    // Retrying cannot fix trust: the operator must supply the tenant's CA bundle (ANL and DoD tenants need one).
    return new ProxyError('upstream_unavailable', `Could not verify AskSage's TLS certificate (${code}); set cert_path to the CA bundle (PEM) of your AskSage tenant.`, { cause });
  }
  if (code !== undefined && isTlsHandshakeCode(code)) {
    return new ProxyError('upstream_unavailable', `The TLS handshake with AskSage at ${where(context)} failed (${code}); check that ${settingOf(context)} uses the right scheme (https) and that cert_path is the tenant's CA bundle.`, { cause });
  }
  if (code !== undefined && unreachableCodes.has(code)) {
    return new ProxyError('upstream_unavailable', `Could not reach AskSage at ${where(context)} (${code}); check ${settingOf(context)} and the network, then retry.`, { isRetryable: true, cause });
  }
  if (code === 'ENOTFOUND') {
    return new ProxyError('upstream_unavailable', `The AskSage host name could not be resolved (ENOTFOUND) for ${where(context)}; check ${settingOf(context)}.`, { cause });
  }
  if (code === 'ERR_INVALID_URL') {
    return new ProxyError('upstream_unavailable', `${settingOf(context)} is not a valid URL; it should look like https://api.asksage.ai/${settingOf(context) === 'asksage_user_base_url' ? 'user' : 'server'}.`, { cause });
  }
  if (code === 'ERR_INVALID_CHAR' || code === 'ERR_HTTP_INVALID_HEADER_VALUE') {
    // Node refuses header values with control or non-Latin-1 characters: only the key varies per call, so another key may work.
    return new ProxyError('upstream_authentication', 'The API key contains characters that cannot be sent in an HTTP header; check the configured key.', { isRetryable: true, keyVerdict: 'invalid', cause });
  }
  if (code === 'ETIMEDOUT') {
    // The operating system gave up connecting: as with the connect timer, the network's fault, not a key's.
    return new ProxyError('upstream_timeout', `The connection to AskSage at ${where(context)} timed out (ETIMEDOUT); check ${settingOf(context)} and the network (VPN, firewall), then retry.`, { isRetryable: true, cause });
  }
  if (code === 'ERR_BAD_RESPONSE') {
    return new ProxyError('upstream_bad_response', 'AskSage sent a reply that could not be read (too large or cut short).', { isRetryable: true, keyVerdict: 'failure', cause });
  }
  if ((code !== undefined && transientConnectionCodes.has(code)) || /socket hang up/i.test(cause.message)) {
    return new ProxyError('upstream_unavailable', `The connection to AskSage failed (${code ?? 'socket hang up'}); retry later.`, { isRetryable: true, keyVerdict: 'failure', cause });
  }
  if (code !== undefined) {
    return new ProxyError('upstream_unavailable', `The call to AskSage failed (${code}).`, { isRetryable: true, keyVerdict: 'failure', cause });
  }
  return new ProxyError('internal_error', 'The AskSage call failed unexpectedly; see the proxy log.', { cause });
}
