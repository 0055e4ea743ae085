import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Where the running proxy writes its pid, so `asksage-proxy --reload` can find it: next to the config file it serves
 * (one proxy per config folder), or in `~/.config/asksage_proxy` when configured by the environment alone.
 */
export function pidFilePath(configFile: string | undefined, home: string): string {
  const folder = configFile !== undefined ? path.dirname(configFile) : path.join(home || os.homedir(), '.config', 'asksage_proxy');
  return path.join(folder, 'asksage-proxy.pid');
}

/** Writes this process's pid; false when the folder is not writable (reload by signal still works). */
export function writePidFile(file: string, pid: number): boolean {
  try {
    writeFileSync(file, `${pid}\n`, { mode: 0o644 });
    return true;
  } catch {
    return false;
  }
}

/** The pid in the file, if it names one. */
export function readPidFile(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Removes the file if it still names `pid` (a newer proxy may have taken it over). */
export function removePidFile(file: string, pid: number): void {
  if (readPidFile(file) === pid) rmSync(file, { force: true });
}
