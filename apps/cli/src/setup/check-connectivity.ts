import { probeAskSageEndpoint } from '@asksage-proxy/adapter-asksage';
import type { AskSageEndpointProbe, ReachabilityVerdict } from '@asksage-proxy/adapter-asksage';

/** How one reachability check went. */
export type ConnectivityVerdict = ReachabilityVerdict;

/** The outcome of one reachability check (see `AskSageEndpointProbe`). */
export type ConnectivityResult = AskSageEndpointProbe;

/**
 * The setup's connectivity check: a keyless POST through the AskSage adapter (`probeAskSageEndpoint`), so it uses
 * the same TLS trust (system roots plus `cert_path`) and transport as the proxy's own calls. Never throws.
 */
export function checkConnectivity(url: string, options: { caCertificate?: string; timeoutMs?: number } = {}): Promise<ConnectivityResult> {
  return probeAskSageEndpoint(url, options);
}
