import type http from 'node:http';
import type { AbortSignalLike } from '@asksage-proxy/core';
import { createCallControl } from './create-call-control';
import type { UpstreamAgents } from './create-upstream-agents';
import { mapTransportError } from './map-transport-error';

/** The shared transport settings of a streaming call. */
export interface StreamingPostSettings {
  agents: UpstreamAgents;
  connectTimeoutMs: number;
  /** Covers the whole call, a stream included. */
  timeoutMs: number;
}

/** One POST: where, what, and the caller's signal. */
export interface StreamingPost {
  url: string;
  body: string | Buffer;
  headers: Record<string, string>;
  signal: AbortSignalLike | undefined;
  /** A body the connection cuts short (Node ends it quietly) throws a retryable `upstream_unavailable` instead. */
  requireCompleteBody?: boolean;
}

/** An answered POST: the response (status, headers) and its body as raw reads. */
export interface OpenedStreamingPost {
  response: http.IncomingMessage;
  /**
   * The body as it arrives. Ending it early closes the upstream socket; a body cut by the call's own abort or timer
   * throws instead of ending quietly. Read it, or call `discard`, so the call's timers are released.
   */
  body: AsyncIterable<Uint8Array>;
  /** Reads at most `maxBytes` of the body as text, then releases the call (for an error reply). */
  readText(maxBytes: number): Promise<string>;
}

/**
 * POSTs over the shared keep-alive agents with plain `http(s).request` (a stream needs the socket's reads as they
 * come) and resolves as soon as the status line and headers arrived, whatever the status. A failure on a pooled socket
 * before any response (the keep-alive race: the server dropped the idle socket as it was reused) is retried once on a
 * fresh one; transport failures, timeouts and aborts reject, or are thrown by the body, as `ProxyError`s that never
 * contain the key. Shared by the native `/query` stream and the passthrough surfaces.
 */
export function openStreamingPost(settings: StreamingPostSettings, post: StreamingPost, isFirstAttempt = true): Promise<OpenedStreamingPost> {
  const control = createCallControl({ callerSignal: post.signal, connectTimeoutMs: settings.connectTimeoutMs, timeoutMs: settings.timeoutMs });
  const target = new URL(post.url);
  const mapped = (error: unknown) => mapTransportError(error, { ...control.context(), url: post.url });
  return new Promise<OpenedStreamingPost>((resolve, reject) => {
    let settled = false;
    const abort = (): void => {
      request.destroy();
    };
    const release = (): void => {
      control.signal.removeEventListener('abort', abort);
      control.dispose();
    };
    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      release();
      const failure = mapped(error);
      if (isFirstAttempt && failure.code === 'upstream_unavailable' && failure.isRetryable && control.failedOnReusedSocket()) resolve(openStreamingPost(settings, post, false));
      else reject(failure);
    };
    const request = control.transport.request(
      {
        protocol: target.protocol,
        hostname: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: 'POST',
        agent: target.protocol === 'https:' ? settings.agents.https : settings.agents.http,
        headers: { 'content-length': Buffer.byteLength(post.body), ...post.headers },
      },
      (response) => {
        settled = true;
        resolve({ response, body: readBody(response), readText: (maxBytes) => readText(response, maxBytes) });
      },
    );
    control.signal.addEventListener('abort', abort, { once: true });
    request.on('error', fail);
    request.end(post.body);

    async function* readBody(response: http.IncomingMessage): AsyncGenerator<Uint8Array, void, undefined> {
      try {
        for await (const chunk of response) yield chunk as Uint8Array;
        // A body cut by our own abort or timer ends quietly in Node: say why instead of pretending it finished.
        if (control.signal.aborted) throw mapped(new Error('stream stopped'));
        if (post.requireCompleteBody === true && !response.complete) throw mapped(Object.assign(new Error('the connection closed mid-body'), { code: 'ECONNRESET' }));
      } catch (error) {
        throw mapped(control.signal.aborted ? new Error('stream stopped') : error);
      } finally {
        release();
        // Stopping early (client gone) must close the upstream socket, not leave AskSage generating into it.
        if (!response.complete) request.destroy();
      }
    }

    function readText(response: http.IncomingMessage, maxBytes: number): Promise<string> {
      return new Promise<string>((resolveText, rejectText) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          if (text.length < maxBytes) text += chunk;
        });
        response.on('end', () => {
          release();
          resolveText(text);
        });
        response.on('error', (error) => {
          release();
          rejectText(mapped(error));
        });
      });
    }
  });
}
