import type http from 'node:http';
import type { AbortSignalLike } from '@asksage-proxy/core';
import { createCallControl, mapTransportError } from '@asksage-proxy/asksage-transport';
import type { UpstreamAgents } from '@asksage-proxy/asksage-transport';
import { readUpstreamReply } from './read-upstream-reply';

/** The longest non-2xx body read before mapping the error (a streamed reply's error is a short JSON envelope). */
const maxErrorBodyBytes = 64 * 1024;

/** The shared transport settings of the adapter. */
export interface UpstreamStreamSettings {
  agents: UpstreamAgents;
  connectTimeoutMs: number;
  /** Covers the whole stream, generation included. */
  timeoutMs: number;
}

function readBounded(response: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      if (text.length < maxErrorBodyBytes) text += chunk;
    });
    response.on('end', () => resolve(text));
    response.on('error', reject);
  });
}

/**
 * POSTs `body` to `url` and resolves as soon as AskSage answered 2xx, with the body as an async iterable of raw reads
 * (bytes; core's frame reader decodes UTF-8 across reads). Plain `http(s).request` over the shared keep-alive agents,
 * not axios: a stream needs the socket's reads as they come, and nothing of axios' buffering. Non-2xx replies reject
 * through core's `createUpstreamHttpError`; transport failures, timeouts (the total timeout covers the whole stream)
 * and aborts reject, or are thrown by the iterable, as `ProxyError`s that never contain the key.
 */
export function openUpstreamStream(
  settings: UpstreamStreamSettings,
  url: string,
  body: string | Buffer,
  apiKey: string,
  signal: AbortSignalLike | undefined,
  contentType = 'application/json',
): Promise<AsyncIterable<Uint8Array>> {
  const control = createCallControl({ callerSignal: signal, connectTimeoutMs: settings.connectTimeoutMs, timeoutMs: settings.timeoutMs });
  const target = new URL(url);
  return new Promise<AsyncIterable<Uint8Array>>((resolve, reject) => {
    let settled = false;
    const fail = (error: unknown): void => {
      control.dispose();
      if (!settled) {
        settled = true;
        reject(mapTransportError(error, { ...control.context(), url }));
      }
    };
    const request = control.transport.request(
      {
        protocol: target.protocol,
        hostname: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: 'POST',
        agent: target.protocol === 'https:' ? settings.agents.https : settings.agents.http,
        headers: { 'content-type': contentType, accept: 'text/plain, application/json', 'content-length': Buffer.byteLength(body), 'x-access-tokens': apiKey },
      },
      (response) => {
        const status = response.statusCode ?? 0;
        if (status < 200 || status > 299) {
          readBounded(response)
            .then((text) => {
              try {
                readUpstreamReply(status, text, response.headers['retry-after'] as string | undefined, { url, setting: 'asksage_server_base_url' });
              } catch (error) {
                fail(error);
              }
            })
            .catch(fail);
          return;
        }
        settled = true;
        resolve(readBody(response));
      },
    );
    const abort = (): void => {
      request.destroy();
    };
    control.signal.addEventListener('abort', abort, { once: true });
    request.on('error', fail);
    request.end(body);

    async function* readBody(response: http.IncomingMessage): AsyncGenerator<Uint8Array, void, undefined> {
      try {
        for await (const chunk of response) yield chunk as Uint8Array;
        // A stream cut by our own abort or timer ends quietly in Node: say why instead of pretending it finished.
        if (control.signal.aborted) throw mapTransportError(new Error('stream stopped'), { ...control.context(), url });
      } catch (error) {
        throw mapTransportError(control.signal.aborted ? new Error('stream stopped') : error, { ...control.context(), url });
      } finally {
        control.signal.removeEventListener('abort', abort);
        control.dispose();
        // Stopping early (client gone) must close the upstream socket, not leave AskSage generating into it.
        if (!response.complete) request.destroy();
      }
    }
  });
}
