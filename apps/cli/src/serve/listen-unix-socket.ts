import { chmodSync, lstatSync, unlinkSync } from 'node:fs';
import { connect } from 'node:net';
import type { Server } from 'node:http';

/** Whether something accepts connections on the socket at `socketPath`. */
function isSocketAlive(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect(socketPath);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

/**
 * Clears the way for a socket at `socketPath`: a socket file left by a proxy that died is removed; a live one (another
 * proxy) or a file that is not a socket is never touched, and the listen then fails with EADDRINUSE.
 */
export async function removeStaleSocket(socketPath: string): Promise<void> {
  let isSocket: boolean;
  try {
    isSocket = lstatSync(socketPath).isSocket();
  } catch {
    return;
  }
  if (isSocket && !(await isSocketAlive(socketPath))) unlinkSync(socketPath);
}

/**
 * Listens on a Unix socket created with mode 0600 (only this user may connect: on a shared login node, anyone who
 * can connect can spend the keys). The umask is narrowed around the synchronous bind, so the socket is never
 * reachable by others, not even for an instant; the chmod afterwards holds whatever umask the process had.
 */
export function listenOnUnixSocket(server: Server, socketPath: string, onListening: () => void): void {
  const previous = process.umask(0o177);
  try {
    server.listen(socketPath, () => {
      chmodSync(socketPath, 0o600);
      onListening();
    });
  } finally {
    process.umask(previous);
  }
}

/** Why listening on a Unix socket failed, with the fix. */
export function describeSocketListenFailure(socketPath: string, error: NodeJS.ErrnoException): string {
  const where = `cannot listen on the Unix socket ${socketPath}`;
  switch (error.code) {
    case 'EADDRINUSE':
      return `${where}: another process is listening on it, or a file that is not a socket is in the way. Stop that proxy or choose another path with --socket or "socket:" in the config.`;
    case 'EACCES':
    case 'EPERM':
      return `${where}: permission denied. Choose a folder you may write to (e.g. $XDG_RUNTIME_DIR or your home folder).`;
    case 'ENOENT':
      return `${where}: its folder does not exist. Create it or fix "socket:" in the config.`;
    default:
      // Linux limits socket paths to 107 bytes; Node then reports EINVAL or ENAMETOOLONG.
      return `${where}: ${error.message}${socketPath.length > 107 ? ' (socket paths are limited to 107 bytes; choose a shorter one)' : ''}`;
  }
}
