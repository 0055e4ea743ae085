import type { CliIo } from '../cli-io';
import type { ResolvedConfig } from '../config/resolved-config';
import { pidFilePath, readPidFile } from './pid-file';

/**
 * `asksage-proxy --reload`: finds the proxy serving this configuration through its pid file and sends it SIGHUP.
 * Resolves with the exit code: 0 sent, 1 no running proxy found. Whether the new configuration was accepted is
 * in that proxy's log (a refused one names the problem, as at startup).
 */
export function sendReloadSignal(config: ResolvedConfig, io: CliIo, kill: (pid: number, signal: NodeJS.Signals) => void = process.kill): number {
  const file = pidFilePath(config.file, io.home);
  const pid = readPidFile(file);
  if (pid === undefined) {
    io.stderr.write(`asksage-proxy: no running proxy found for ${config.file ?? 'this configuration'} (no pid file at ${file}). Start one, or send SIGHUP to it yourself: kill -HUP <pid>\n`);
    return 1;
  }
  try {
    kill(pid, 'SIGHUP');
  } catch {
    io.stderr.write(`asksage-proxy: the proxy with pid ${pid} (from ${file}) is not running any more.\n`);
    return 1;
  }
  io.stdout.write(`Asked the proxy (pid ${pid}) to reload ${config.file ?? 'its configuration'}; its log says whether the new configuration was accepted.\n`);
  return 0;
}
