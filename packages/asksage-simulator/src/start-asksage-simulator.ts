import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { createSimulatorState } from './create-simulator-state';
import { handleControlRoute } from './handle-control-route';
import { readTestCertificates } from './read-test-certificates';
import { routeApiRequest } from './route-api-request';
import { sendJson } from './send-json';
import type { RunningSimulator, SimulatorOptions } from './simulator-types';

/**
 * Starts a real HTTP(S) server on 127.0.0.1 that behaves like AskSage (`/server/*` and `/user/*` on one
 * port), with a request recorder and fault injection. Used by contract and end-to-end tests, the fault
 * suite, benchmarks and the proxy's `--demo` mode.
 */
export async function startAskSageSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const state = createSimulatorState(options);
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;

  const wait = (milliseconds: number): Promise<void> =>
    new Promise((resolve) => {
      if (closed) return;
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, milliseconds);
      timers.add(timer);
    });

  const simulator = {
    injectFault: (fault: Parameters<RunningSimulator['injectFault']>[0]) => state.faults.add(fault),
    reset: () => state.reset(),
    setKeyInvalid(key: string, invalid: boolean) {
      const entry = state.keys.get(key);
      // The message never contains the key: keys are secrets even in a simulator's errors.
      if (!entry) throw new Error('setKeyInvalid: not one of the simulator keys');
      entry.invalid = invalid;
    },
    holdStreams() {
      const handle = openGate(
        () => state.streamGate,
        (gate) => {
          state.streamGate = gate;
          if (gate === undefined) state.releaseStreams = undefined;
        },
      );
      state.releaseStreams = handle.release;
      return handle;
    },
    holdReplies() {
      return openGate(
        () => state.replyGate,
        (gate) => (state.replyGate = gate),
      );
    },
    streamFramesWritten: () => state.streamFramesWritten,
  };

  const listener = (request: http.IncomingMessage, response: http.ServerResponse): void => {
    const url = request.url ?? '/';
    const queryStart = url.indexOf('?');
    const path = queryStart < 0 ? url : url.slice(0, queryStart);
    const search = queryStart < 0 ? '' : url.slice(queryStart + 1);
    let handling: Promise<void>;
    if (path.startsWith('/server/') || path.startsWith('/user/')) handling = routeApiRequest(state, request, response, path, search, wait);
    else if (path.startsWith('/__sim/')) handling = handleControlRoute(state, simulator, request, response, path);
    else {
      request.resume();
      handling = Promise.resolve(sendJson(response, 404, { response: 'Not found', status: 404 }));
    }
    handling.catch(() => sendJson(response, 500, { response: 'Internal server error', status: 500 }));
  };

  const server = createServer(options.tls, listener);
  // Keep-alive friendly for benchmarks: idle connections stay open longer than typical client pools' idle time.
  server.keepAliveTimeout = 65_000;
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;

  return {
    url,
    serverBaseUrl: `${url}/server`,
    userBaseUrl: `${url}/user`,
    port,
    requests: () => state.recorded.slice(),
    ...simulator,
    openSockets: () => sockets.size,
    close() {
      if (closed) return Promise.resolve();
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Stalled and keep-alive sockets would hold close() (and Jest) open: end them now, and wait until
      // each has closed so openSockets() reads 0 afterwards.
      const socketsClosed = [...sockets].map((socket) => new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.destroy();
      }));
      return Promise.all([serverClosed, ...socketsClosed]).then(() => undefined);
    },
  };
}

function createServer(tls: SimulatorOptions['tls'], listener: http.RequestListener): http.Server | https.Server {
  if (!tls) return http.createServer(listener);
  if (tls === true) {
    const certificates = readTestCertificates();
    return https.createServer({ cert: certificates.serverCertificate, key: certificates.serverKey }, listener);
  }
  return https.createServer({ cert: tls.cert, key: tls.key }, listener);
}

/**
 * A hold: a pending promise stored through `set`, resolved by `release()`, which also clears it if it is still the
 * current one (a newer hold stays in place).
 */
function openGate(get: () => Promise<void> | undefined, set: (gate: Promise<void> | undefined) => void): { release(): void } {
  let resolve: () => void = () => undefined;
  const gate = new Promise<void>((done) => (resolve = done));
  const handle = {
    release(): void {
      if (get() === gate) set(undefined);
      resolve();
    },
  };
  set(gate);
  return handle;
}
