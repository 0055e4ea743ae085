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

module.exports = { describeMachine, describeCommit };
