import axios from 'axios';
import { createCallControl, createUpstreamAgents, mapTransportError } from '@asksage-proxy/asksage-transport';
import type { UpstreamAgents } from '@asksage-proxy/asksage-transport';
import { judgeReachability, type ReachabilityVerdict } from './judge-reachability';

/** Options of `probeAskSageEndpoint`. */
export interface ProbeAskSageEndpointOptions {
  /** PEM text of the tenant's CA bundle (`cert_path`), trusted in addition to Node's roots, as for every call. */
  caCertificate?: string;
  /** Time allowed for the whole probe, connection included; default 5 s. */
  timeoutMs?: number;
  /** The config key that sets this URL, named in failure details; default `asksage_server_base_url`. */
  setting?: string;
}

/** The outcome of one reachability probe. */
export interface AskSageEndpointProbe {
  /** The URL tried. */
  url: string;
  /**
   * `ok`: a 2xx, or an AskSage JSON envelope (`{status, response}`) with any status: host, TLS and path are right.
   * `wrong-endpoint`: a server answered 404/405 (or a 4xx that is not AskSage's): the URL is likely wrong.
   * `failed`: no answer (DNS, TCP, TLS, timeout) or a server error (5xx).
   */
  verdict: ReachabilityVerdict;
  /** HTTP status, or why it failed (timeout, TLS, DNS…), in the adapter's own words for transport failures. */
  detail: string;
}

/** The most of a reply read: enough for any AskSage envelope, bounded against a huge page. */
const maxProbeReplyBytes = 4 * 1024 * 1024;

function seconds(ms: number): number {
  return Math.round(ms / 1000);
}

/**
 * POSTs `{}` without a key to `url` (get-models and the token exchange need none to answer, protocol doc §1.2) and
 * says whether AskSage is there: the first-time setup's connectivity check. It goes through the same transport as
 * every upstream call (the agents with the tenant CA's secure context, the call control's timers, the transport
 * error mapping), so a probe that passes means the proxy's own calls can connect. Costs no tokens. Never throws.
 */
export async function probeAskSageEndpoint(url: string, options: ProbeAskSageEndpointOptions = {}): Promise<AskSageEndpointProbe> {
  const timeoutMs = options.timeoutMs ?? 5000;
  let agents: UpstreamAgents | undefined;
  const control = createCallControl({ callerSignal: undefined, connectTimeoutMs: timeoutMs, timeoutMs });
  try {
    agents = createUpstreamAgents({ caCertificate: options.caCertificate, maxSockets: 1 });
    const response = await axios.post<string>(url, '{}', {
      httpAgent: agents.http,
      httpsAgent: agents.https,
      validateStatus: () => true,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      maxRedirects: 0,
      maxContentLength: maxProbeReplyBytes,
      proxy: false,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      signal: control.signal,
      transport: control.transport,
    });
    const judged = judgeReachability(response.status, typeof response.data === 'string' ? response.data : String(response.data ?? ''));
    return { url, ...judged };
  } catch (error) {
    const { timedOut } = control.context();
    const detail = timedOut ? `no answer within ${seconds(timedOut.afterMs)} s` : mapTransportError(error, { ...control.context(), url, ...(options.setting === undefined ? {} : { setting: options.setting }) }).message;
    return { url, verdict: 'failed', detail };
  } finally {
    control.dispose();
    agents?.https.destroy();
    agents?.http.destroy();
  }
}
