import type http from 'node:http';
import { createCallControl, mapTransportError } from '@asksage-proxy/asksage-transport';
import type { UpstreamAgents } from '@asksage-proxy/asksage-transport';
import type { AbortSignalLike, PassthroughStreamReply } from '@asksage-proxy/core';

/** The shared transport settings of the adapter. */
export interface PassthroughTransportSettings {
  agents: UpstreamAgents;
  connectTimeoutMs: number;
  /** Covers the whole call, a stream included. */
  timeoutMs: number;
}

/** One call's target and payload. */
export interface PassthroughCall {
  url: string;
  headers: Record<string, string>;
  body: string;
  signal: AbortSignalLike | undefined;
}

/** Response headers core may act on or pass on: the rest (cookies, hop-by-hop) stay here. */
const keptHeaders = ['content-type', 'retry-after', 'x-request-id', 'request-id'];

function pickHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of keptHeaders) {
    const value = headers[name];
    if (typeof value === 'string') picked[name] = value;
  }
  return picked;
}

/**
 * POSTs one JSON body and resolves as soon as the status line and headers arrived, whatever the status, with the body
 * as raw reads as they come: nothing is buffered, so a stream reaches the client at the pace AskSage sends it. Plain
 * `http(s).request` over the shared keep-alive agents. A failure on a pooled socket before any response (the
 * keep-alive race) is retried once on a fresh one; transport failures, timeouts and aborts reject, or are thrown by
 * the body, as `ProxyError`s that never contain the key. Returning the body early destroys the request.
 */
export function openPassthroughCall(settings: PassthroughTransportSettings, call: PassthroughCall, isFirstAttempt = true): Promise<PassthroughStreamReply> {
  const control = createCallControl({ callerSignal: call.signal, connectTimeoutMs: settings.connectTimeoutMs, timeoutMs: settings.timeoutMs });
  const target = new URL(call.url);
  return new Promise<PassthroughStreamReply>((resolve, reject) => {
    let settled = false;
    const abort = (): void => {
      request.destroy();
    };
    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      control.signal.removeEventListener('abort', abort);
      const mapped = mapTransportError(error, { ...control.context(), url: call.url });
      const retry = isFirstAttempt && mapped.code === 'upstream_unavailable' && mapped.isRetryable && control.failedOnReusedSocket();
      control.dispose();
      if (retry) resolve(openPassthroughCall(settings, call, false));
      else reject(mapped);
    };
    const request = control.transport.request(
      {
        protocol: target.protocol,
        hostname: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: 'POST',
        agent: target.protocol === 'https:' ? settings.agents.https : settings.agents.http,
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'content-length': Buffer.byteLength(call.body), ...call.headers },
      },
      (response) => {
        settled = true;
        resolve({ status: response.statusCode ?? 0, headers: pickHeaders(response.headers), body: readBody(response) });
      },
    );
    control.signal.addEventListener('abort', abort, { once: true });
    request.on('error', fail);
    request.end(call.body);

    async function* readBody(response: http.IncomingMessage): AsyncGenerator<Uint8Array, void, undefined> {
      try {
        for await (const chunk of response) yield chunk as Uint8Array;
        // A body cut by our own abort or timer ends quietly in Node: say why instead of pretending it finished.
        if (control.signal.aborted) throw mapTransportError(new Error('stream stopped'), { ...control.context(), url: call.url });
        if (!response.complete) throw mapTransportError(Object.assign(new Error('the connection closed mid-body'), { code: 'ECONNRESET' }), { ...control.context(), url: call.url });
      } catch (error) {
        throw mapTransportError(control.signal.aborted ? new Error('stream stopped') : error, { ...control.context(), url: call.url });
      } finally {
        control.signal.removeEventListener('abort', abort);
        control.dispose();
        // Stopping early (client gone) must close the upstream socket, not leave AskSage generating into it.
        if (!response.complete) request.destroy();
      }
    }
  });
}
