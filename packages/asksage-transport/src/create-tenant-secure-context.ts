import tls from 'node:tls';

/**
 * One TLS secure context holding Node's public roots plus the tenant's CA bundle (`cert_path`), built once.
 *
 * Why a context and not `ca: [...rootCertificates, ca]` on the agent: `https.Agent` turns its `ca` option into the
 * connection-pool key (`Agent.prototype.getName`) by concatenating every certificate, several times per request,
 * and `tls.connect` parses all ~140 roots again for every new connection. Measured (issue 9): 30 % of the proxy's
 * CPU went to building ~200 KB pool-key strings. A `secureContext` is not part of the pool key and is parsed once.
 * The trust rule is unchanged: the tenant CA is *added* to the public roots, and anything else is still rejected.
 */
export function createTenantSecureContext(caCertificate: string): tls.SecureContext {
  return tls.createSecureContext({ ca: [...tls.rootCertificates, caCertificate] });
}
