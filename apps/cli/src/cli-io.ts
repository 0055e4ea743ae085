import os from 'node:os';

/** A writable stream that may be a terminal. */
export type CliOutput = NodeJS.WritableStream & { isTTY?: boolean };

/**
 * Everything the CLI touches of its process, injected so tests can run `main` in-process with their own streams,
 * environment, home folder and signals.
 */
export interface CliIo {
  /** Input; the interactive setup runs only when `stdin.isTTY`. */
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  /** Banner, `--show`, `--help`, `--version`. */
  stdout: CliOutput;
  /** Log lines, warnings and errors. */
  stderr: CliOutput;
  /** Environment (`ASKSAGE_PROXY_*`, `EDITOR`, `PATH`). */
  env: NodeJS.ProcessEnv;
  /** Working folder. */
  cwd: string;
  /** Home folder: `HOME` when set (tests use an empty temp folder), else `os.homedir()`. */
  home: string;
  /** Operating system, for the editor choice. */
  platform: NodeJS.Platform;
  /** Calls `handler` on SIGINT/SIGTERM; returns a function that unsubscribes. */
  onShutdownSignal(handler: (signal: string) => void): () => void;
  /** Calls `handler` on SIGHUP (reload the configuration); returns a function that unsubscribes. Absent: no reloads. */
  onReloadSignal?(handler: () => void): () => void;
  /** Called once the server listens, with its URL (tests use it to reach an in-process proxy). */
  onListening?: (url: string) => void;
}

/** The real process as a `CliIo`. */
export function createProcessIo(): CliIo {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    home: process.env.HOME || os.homedir(),
    platform: process.platform,
    onShutdownSignal(handler) {
      const listener = (signal: NodeJS.Signals): void => handler(signal);
      process.on('SIGINT', listener);
      process.on('SIGTERM', listener);
      return () => {
        process.off('SIGINT', listener);
        process.off('SIGTERM', listener);
      };
    },
    onReloadSignal(handler) {
      const listener = (): void => handler();
      process.on('SIGHUP', listener);
      return () => process.off('SIGHUP', listener);
    },
  };
}
