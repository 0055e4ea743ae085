import http from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';

/** The outcome of one reachability check. */
export interface ConnectivityResult {
  /** The URL tried. */
  url: string;
  /** True when any HTTP reply came back (even an error envelope: the host, TLS and path are right). */
  reachable: boolean;
  /** HTTP status, or why it failed (timeout, TLS, DNS…). */
  detail: string;
}

/**
 * POSTs `{}` without a key to `url` (get-models needs none, protocol doc §1.2) with a short timeout, using the
 * configured CA on top of the system roots. Costs no tokens. Any HTTP reply counts as reachable.
 */
export function checkConnectivity(url: string, options: { caCertificate?: string; timeoutMs?: number } = {}): Promise<ConnectivityResult> {
  const timeoutMs = options.timeoutMs ?? 5000;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (reachable: boolean, detail: string): void => {
      if (settled) return;
      settled = true;
      resolve({ url, reachable, detail });
    };
    let request: http.ClientRequest;
    try {
      const target = new URL(url);
      const body = '{}';
      const requestOptions: https.RequestOptions = {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        timeout: timeoutMs,
        agent: false,
      };
      if (target.protocol === 'https:' && options.caCertificate) requestOptions.ca = [...rootCertificates, options.caCertificate];
      request = (target.protocol === 'https:' ? https : http).request(target, requestOptions, (response) => {
        response.resume();
        finish(true, `HTTP ${response.statusCode ?? '?'}`);
      });
      request.on('timeout', () => {
        finish(false, `no answer within ${Math.round(timeoutMs / 1000)} s`);
        request.destroy();
      });
      request.on('error', (error: NodeJS.ErrnoException) => finish(false, error.code ? `${error.code}: ${error.message}` : error.message));
      request.end(body);
    } catch (error) {
      finish(false, (error as Error).message);
    }
  });
}
