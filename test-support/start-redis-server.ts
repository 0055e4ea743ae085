/**
 * A real redis-server for tests: started on a free loopback port with no persistence, stopped by the test. Installs
 * the Debian package first when it is missing (test-support/install-redis-server.sh), so a fresh machine runs the
 * Redis suites without a manual step.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

/** A redis-server process under test. */
export interface TestRedisServer {
  /** `redis://127.0.0.1:<port>` (`rediss://` with `tls`; with the password when one was set: `redis://:<password>@127.0.0.1:<port>`). */
  url: string;
  port: number;
  /** Stops the server (SIGKILL: like a crash, connections drop at once); resolves when it is gone. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty (no persistence): a restarted Redis that lost its data. */
  restart(): Promise<void>;
  /** Whether the process is running. */
  isRunning(): boolean;
  /** Freezes the server (SIGSTOP): connections stay open but nothing is answered, like a Redis stuck on a slow disk. */
  pause(): void;
  /** Lets a paused server answer again (SIGCONT). */
  resume(): void;
}

/** Options of `startRedisServer`. */
export interface StartRedisServerOptions {
  /** `requirepass`: clients must authenticate. */
  password?: string;
  /** Serve TLS only (`rediss://`) with this certificate and key (PEM files); clients need not present one. */
  tls?: { certFile: string; keyFile: string };
}

const installScript = path.resolve(__dirname, 'install-redis-server.sh');

function ensureRedisServerInstalled(): void {
  if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0) return;
  const installed = spawnSync('bash', [installScript], { stdio: 'inherit' });
  if (installed.status !== 0) throw new Error(`redis-server is missing and ${installScript} could not install it`);
}

function findFreeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function launch(port: number, password: string | undefined, tls: StartRedisServerOptions['tls']): Promise<ChildProcess> {
  const listen = tls === undefined ? ['--port', String(port)] : ['--port', '0', '--tls-port', String(port), '--tls-cert-file', tls.certFile, '--tls-key-file', tls.keyFile, '--tls-auth-clients', 'no'];
  const args = [...listen, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'warning'];
  if (password !== undefined) args.push('--requirepass', password);
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (data: Buffer) => (output += data.toString()));
  child.stderr?.on('data', (data: Buffer) => (output += data.toString()));
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 10_000;
    const poll = (): void => {
      if (child.exitCode !== null) return reject(new Error(`redis-server exited (${child.exitCode}):\n${output}`));
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(child);
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) {
          child.kill('SIGKILL');
          reject(new Error(`redis-server did not listen on ${port}:\n${output}`));
        } else setTimeout(poll, 20);
      });
    };
    poll();
  });
}

/** Starts redis-server on a free 127.0.0.1 port; resolves once it accepts connections. */
export async function startRedisServer(options: StartRedisServerOptions = {}): Promise<TestRedisServer> {
  ensureRedisServerInstalled();
  const port = await findFreeLoopbackPort();
  let child: ChildProcess | undefined = await launch(port, options.password, options.tls);
  const auth = options.password === undefined ? '' : `:${encodeURIComponent(options.password)}@`;
  const stop = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (running === undefined || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGKILL');
    await exited;
  };
  return {
    url: `${options.tls === undefined ? 'redis' : 'rediss'}://${auth}127.0.0.1:${port}`,
    port,
    stop,
    async restart() {
      await stop();
      child = await launch(port, options.password, options.tls);
    },
    isRunning: () => child !== undefined && child.exitCode === null && child.signalCode === null,
    pause: () => void child?.kill('SIGSTOP'),
    resume: () => void child?.kill('SIGCONT'),
  };
}
