import { createServer } from 'node:http';
import type { RequestListener, Server } from 'node:http';
import type { Socket } from 'node:net';
import type { ExpressMessageClasses } from '@asksage-proxy/adapter-http';
import { answerClientError } from './answer-client-error';
import { listenOnUnixSocket, removeStaleSocket } from './listen-unix-socket';

/** Time allowed to receive a whole request (headers and body), not to answer it. */
const requestReceiveTimeoutMs = 120_000;

/** A listening server and its graceful stop. */
export interface ListeningServer {
  /** The Node server. */
  server: Server;
  /** The bound port (the real one when 0 was asked); 0 on a Unix socket. */
  port: number;
  /**
   * Stops accepting, lets in-flight requests finish for up to `graceMs`, then destroys what is left.
   * Resolves true when everything finished on its own.
   */
  stop(graceMs: number): Promise<boolean>;
  /** Destroys every open connection now (a second Ctrl-C). */
  destroyConnections(): void;
}

/**
 * Creates and starts the HTTP server with settings for long generations: the request timeout bounds only
 * *receiving* a request (a body trickled byte by byte, or never finished, would otherwise hold a socket forever;
 * answers that take minutes are not affected), keep-alive longer than common load balancers' 60 s idle timeout
 * (so they, not we, close idle connections, avoiding reset races), headers timeout just above it, and Nagle off so
 * SSE chunks leave at once. Requests Node's parser rejects still get an OpenAI error envelope.
 */
export async function listenHttpServer(handler: RequestListener, options: { host: string; port: number; socket?: string; messageClasses?: ExpressMessageClasses }): Promise<ListeningServer> {
  if (options.socket !== undefined) await removeStaleSocket(options.socket);
  const server = createServer({ requestTimeout: requestReceiveTimeoutMs, noDelay: true, keepAliveTimeout: 65_000, headersTimeout: 66_000, ...options.messageClasses }, handler);
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.on('clientError', answerClientError);
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const stop = (graceMs: number): Promise<boolean> =>
    new Promise((resolve) => {
      let forced = false;
      const timer = setTimeout(() => {
        forced = true;
        for (const socket of sockets) socket.destroy();
      }, graceMs);
      timer.unref();
      server.close(() => {
        clearTimeout(timer);
        resolve(!forced);
      });
      // Idle keep-alive connections would otherwise hold the whole grace period.
      server.closeIdleConnections();
    });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    const onListening = (): void => {
      server.off('error', reject);
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : options.socket !== undefined ? 0 : options.port;
      resolve({ server, port, stop, destroyConnections: () => sockets.forEach((socket) => socket.destroy()) });
    };
    // With a socket, no TCP port is opened at all.
    if (options.socket !== undefined) listenOnUnixSocket(server, options.socket, onListening);
    else server.listen(options.port, options.host, onListening);
  });
}
