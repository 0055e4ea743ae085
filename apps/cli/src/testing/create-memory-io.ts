import { PassThrough, Writable } from 'node:stream';
import type { CliIo } from '../cli-io';

/** A `CliIo` whose output is captured and whose signals the test fires. */
export interface MemoryIo extends CliIo {
  /** Everything written to stdout so far. */
  stdoutText(): string;
  /** Everything written to stderr so far. */
  stderrText(): string;
  /** Fire SIGTERM (or another signal) at the in-process CLI. */
  sendSignal(signal?: string): void;
  /** Resolves with the URL once the in-process server listens. */
  listening: Promise<string>;
}

/**
 * An in-memory `CliIo` for running `main` inside a test: captured streams, a chosen environment, home and working
 * folder, `stdin.isTTY` as asked, and signals sent by the test instead of the OS.
 */
export function createMemoryIo(options: { home: string; cwd?: string; env?: NodeJS.ProcessEnv; tty?: boolean }): MemoryIo {
  let stdout = '';
  let stderr = '';
  // Writable (not PassThrough) so text is captured synchronously, before `main` resolves.
  const stdoutStream = new Writable({ write: (chunk: Buffer, _encoding, done) => { stdout += chunk.toString(); done(); } });
  const stderrStream = new Writable({ write: (chunk: Buffer, _encoding, done) => { stderr += chunk.toString(); done(); } });
  const stdin = Object.assign(new PassThrough(), { isTTY: options.tty ?? false });
  const handlers = new Set<(signal: string) => void>();
  let announce: (url: string) => void = () => undefined;
  const listening = new Promise<string>((resolve) => (announce = resolve));
  return {
    stdin,
    stdout: stdoutStream,
    stderr: stderrStream,
    env: { PATH: process.env.PATH, ...(options.env ?? {}) },
    cwd: options.cwd ?? options.home,
    home: options.home,
    platform: process.platform,
    onShutdownSignal(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    onListening: (url) => announce(url),
    listening,
    stdoutText: () => stdout,
    stderrText: () => stderr,
    sendSignal: (signal = 'SIGTERM') => handlers.forEach((handler) => handler(signal)),
  };
}
