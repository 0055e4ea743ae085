import http from 'node:http';
import https from 'node:https';
import type { SecureContext } from 'node:tls';
import { createTenantSecureContext } from '@asksage-proxy/adapter-asksage';

/** How one reachability check went. */
export type ConnectivityVerdict = 'ok' | 'wrong-endpoint' | 'failed';

/** The outcome of one reachability check. */
export interface ConnectivityResult {
  /** The URL tried. */
  url: string;
  /**
   * `ok`: a 2xx, or an AskSage JSON envelope (`{status, response}`) with any status: host, TLS and path are right.
   * `wrong-endpoint`: a server answered 404/405 (or a 4xx that is not AskSage's): the URL is likely wrong.
   * `failed`: no answer (DNS, TCP, TLS, timeout) or a server error (5xx).
   */
  verdict: ConnectivityVerdict;
  /** HTTP status, or why it failed (timeout, TLS, DNS…). */
  detail: string;
}

/** AskSage answers in `{status, response}` envelopes, even for errors (protocol doc §1.4). */
function isAskSageEnvelope(body: string): boolean {
  try {
    const parsed = JSON.parse(body) as unknown;
    return typeof parsed === 'object' && parsed !== null && 'status' in parsed && ('response' in parsed || 'message' in parsed);
  } catch {
    return false;
  }
}

/** Reads the verdict from a reply: only AskSage-looking answers count as "ok" (a 404 page proves nothing). */
export function judgeReply(status: number, body: string): { verdict: ConnectivityVerdict; detail: string } {
  if (status >= 200 && status < 300) return { verdict: 'ok', detail: `HTTP ${status}` };
  if (status >= 500) return { verdict: 'failed', detail: `HTTP ${status}: the server failed` };
  if (status !== 404 && status !== 405 && isAskSageEnvelope(body)) return { verdict: 'ok', detail: `HTTP ${status}, an AskSage answer` };
  return { verdict: 'wrong-endpoint', detail: `HTTP ${status}: reachable but not an AskSage endpoint: check the URL` };
}

/** The most of a reply body read to recognise an AskSage envelope. */
const maximumBodyBytes = 64 * 1024;

/**
 * POSTs `{}` without a key to `url` (get-models needs none, protocol doc §1.2) with a short timeout, using the
 * configured CA on top of the system roots. Costs no tokens. Never throws: the verdict says what happened.
 */
export function checkConnectivity(url: string, options: { caCertificate?: string; timeoutMs?: number } = {}): Promise<ConnectivityResult> {
  const timeoutMs = options.timeoutMs ?? 5000;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (verdict: ConnectivityVerdict, detail: string): void => {
      if (settled) return;
      settled = true;
      resolve({ url, verdict, detail });
    };
    let request: http.ClientRequest;
    try {
      const target = new URL(url);
      const body = '{}';
      const requestOptions: https.RequestOptions & { secureContext?: SecureContext } = {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        timeout: timeoutMs,
        agent: false,
      };
      if (target.protocol === 'https:' && options.caCertificate) requestOptions.secureContext = createTenantSecureContext(options.caCertificate);
      request = (target.protocol === 'https:' ? https : http).request(target, requestOptions, (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          if (text.length < maximumBodyBytes) text += chunk;
        });
        response.on('end', () => {
          const judged = judgeReply(response.statusCode ?? 0, text);
          finish(judged.verdict, judged.detail);
        });
        response.on('error', (error) => finish('failed', error.message));
      });
      request.on('timeout', () => {
        finish('failed', `no answer within ${Math.round(timeoutMs / 1000)} s`);
        request.destroy();
      });
      request.on('error', (error: NodeJS.ErrnoException) => finish('failed', error.code ? `${error.code}: ${error.message}` : error.message));
      request.end(body);
    } catch (error) {
      finish('failed', (error as Error).message);
    }
  });
}
