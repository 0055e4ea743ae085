'use strict';

const fs = require('node:fs');

/** Clock ticks per second of /proc/<pid>/stat times: USER_HZ is 100 on every Linux build Node supports. */
const ticksPerSecond = 100;

/**
 * CPU time (user + system) a process has used so far, in milliseconds, from /proc/<pid>/stat; undefined where
 * there is no /proc (macOS) or once the process is gone. CPU per request is steadier than req/s on a shared
 * machine: another process stealing a core lowers the rate but not the work each request costs.
 * @param {number} pid
 * @returns {number | undefined}
 */
function readCpuTimeMs(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const userTicks = Number(fields[11]);
    const systemTicks = Number(fields[12]);
    if (!Number.isFinite(userTicks) || !Number.isFinite(systemTicks)) return undefined;
    return ((userTicks + systemTicks) * 1000) / ticksPerSecond;
  } catch {
    return undefined;
  }
}

module.exports = { readCpuTimeMs };
