import http from 'node:http';
import https from 'node:https';
import { TLSSocket } from 'node:tls';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createAbortLink } from '@asksage-proxy/core';
import type { AbortSignalLike } from '@asksage-proxy/core';
import type { TransportErrorContext } from './map-transport-error';

/** The request factory axios calls instead of `http(s).request` (its `transport` option). */
export interface WatchedTransport {
  /** Same signature as `https.request(options, callback)`. */
  request(options: https.RequestOptions, callback: (response: http.IncomingMessage) => void): http.ClientRequest;
}

/** Cancellation and timers of one upstream call. */
export interface CallControl {
  /** Passed to axios: fires on caller abort, connect timeout or total timeout. */
  readonly signal: AbortSignalLike;
  /** Passed to axios: tells the control when the socket is connected, which ends the connect timeout. */
  readonly transport: WatchedTransport;
  /** Why the call was cancelled, for `mapTransportError`. */
  context(): TransportErrorContext;
  /** True when the call went out on a pooled keep-alive socket and failed before any response arrived. */
  failedOnReusedSocket(): boolean;
  /** Clears the timers and the caller-signal listener; call once the call has settled. */
  dispose(): void;
}

/** Options of `createCallControl`. */
export interface CallControlOptions {
  /** The caller's signal (client went away). */
  callerSignal: AbortSignalLike | undefined;
  /** 0 disables. */
  connectTimeoutMs: number;
  /** 0 disables. */
  timeoutMs: number;
}

/** How soon after reusing a pooled socket a failure still counts as the keep-alive race. */
const keepAliveRaceWindowMs = 1_000;

/**
 * One abort link per call joins the three reasons to stop (caller abort, connect timeout, total timeout), so axios
 * destroys the socket at once in every case while the adapter still knows which one it was. The link is core's
 * `createAbortLink`, not an AbortController: Node builds every AbortSignal as an EventTarget with a prototype changed
 * afterwards, a hidden class of its own per call (issue 9). Timers are unref'd: a pending upstream call never keeps
 * the process alive on its own.
 */
export function createCallControl(options: CallControlOptions): CallControl {
  // Follows the caller's signal by itself; `stoppedBy` tells a timeout from the caller going away.
  const link = createAbortLink(options.callerSignal);
  let stoppedBy: TransportErrorContext | undefined;
  let connectTimer: NodeJS.Timeout | undefined;
  let totalTimer: NodeJS.Timeout | undefined;
  let reusedSocket = false;
  let reusedAt = 0;
  let responseReceived = false;

  const stop = (next: TransportErrorContext): void => {
    if (link.signal.aborted) return;
    stoppedBy = next;
    link.abort();
  };
  const clearConnectTimer = (): void => {
    if (connectTimer) clearTimeout(connectTimer);
    connectTimer = undefined;
  };

  if (!link.signal.aborted && options.timeoutMs > 0) {
    totalTimer = setTimeout(() => stop({ aborted: false, timedOut: { phase: 'total', afterMs: options.timeoutMs } }), options.timeoutMs).unref();
  }

  const transport: WatchedTransport = {
    request(requestOptions, callback) {
      const request = (requestOptions.protocol === 'https:' ? https : http).request(requestOptions, (response) => {
        responseReceived = true;
        callback(response);
      });
      request.once('socket', (socket: Socket) => {
        reusedSocket = request.reusedSocket;
        reusedAt = performance.now();
        // The connect timeout measures TCP (and TLS) set-up only, from the moment a new socket is opened: time spent
        // queued for a pooled socket under load is the total timeout's business, not a failure to connect.
        // A pooled keep-alive socket is connected already.
        if (request.reusedSocket || !socket.connecting || options.connectTimeoutMs <= 0 || link.signal.aborted) return;
        connectTimer = setTimeout(() => stop({ aborted: false, timedOut: { phase: 'connect', afterMs: options.connectTimeoutMs } }), options.connectTimeoutMs).unref();
        socket.once(socket instanceof TLSSocket ? 'secureConnect' : 'connect', clearConnectTimer);
      });
      return request;
    },
  };

  return {
    signal: link.signal,
    transport,
    context: () => stoppedBy ?? { aborted: link.signal.aborted },
    // The keep-alive race shows within moments of reusing an idle socket; a reset minutes into a generation means
    // AskSage had the request, and replaying it would bill it twice.
    failedOnReusedSocket: () => reusedSocket && !responseReceived && performance.now() - reusedAt < keepAliveRaceWindowMs,
    dispose(): void {
      clearConnectTimer();
      if (totalTimer) clearTimeout(totalTimer);
      link.dispose();
    },
  };
}
