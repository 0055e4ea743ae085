'use strict';

const { execFileSync } = require('node:child_process');
const os = require('node:os');

/**
 * What the figures were measured on: they mean little without it.
 * @returns {{ cpus: number, cpuModel: string, totalMemoryMb: number, node: string, platform: string }}
 */
function describeMachine() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model?.trim() ?? 'unknown',
    totalMemoryMb: Math.round(os.totalmem() / (1024 * 1024)),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  };
}

/**
 * The commit measured, with `-dirty` when the working tree has uncommitted changes.
 * @param {string} repositoryRoot
 * @returns {string}
 */
function describeCommit(repositoryRoot) {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: repositoryRoot, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: repositoryRoot, encoding: 'utf8' }).trim();
    return dirty ? `${commit}-dirty` : commit;
  } catch {
    return 'unknown';
  }
}

/**
 * The 1, 5 and 15-minute load averages (`uptime`), rounded: on a shared 2-core machine a load far above 2
 * means other work took the CPU from the targets, and the figures of that run are pessimistic.
 * @returns {number[]}
 */
function readLoadAverage() {
  return os.loadavg().map((load) => Math.round(load * 100) / 100);
}

module.exports = { describeMachine, describeCommit, readLoadAverage };
