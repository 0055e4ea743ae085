import { certificateCodes, isTlsHandshakeCode } from '@asksage-proxy/asksage-transport';

/**
 * Why a download's connection failed, as the end of "image URL … <why>": a TLS certificate the proxy does not trust
 * says which setting adds a CA (cert_path: images trust the public roots plus that bundle), a failed handshake says
 * so, and anything else is a plain connection failure (the cause goes to the log, not to the client).
 */
export function describeConnectionFailure(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && certificateCodes.has(code)) {
    return `could not be fetched: its TLS certificate could not be verified (${code}). The proxy trusts the public CAs and the cert_path bundle; if the image host uses a private CA, add it to the cert_path bundle.`;
  }
  if (typeof code === 'string' && isTlsHandshakeCode(code)) {
    return `could not be fetched: the TLS handshake failed (${code}).`;
  }
  return 'could not be fetched: the connection failed.';
}
