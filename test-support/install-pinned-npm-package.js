// Installs one pinned npm package into its own folder, once per version, for tools the end-to-end tests drive but the
// workspace must not depend on (Claude Code, Codex CLI: hundreds of MB of native binaries each).
'use strict';

const { execFileSync } = require('node:child_process');
const { existsSync, mkdirSync, renameSync, rmSync } = require('node:fs');

/**
 * Returns `entry(directory)` (the tool's executable), installing `name@version` into `directory` with npm first when
 * it is missing. The install goes into a sibling folder that is renamed when complete, so a half-finished install
 * never looks usable to a later run, and two runs racing each other both end with a usable copy. Throws with npm's
 * output when the install fails (no network, registry down), so the test says why it could not run.
 * @param {{ name: string, version: string, directory: string, entry: (directory: string) => string }} options
 */
function installPinnedNpmPackage({ name, version, directory, entry }) {
  const target = entry(directory);
  if (existsSync(target)) return target;
  const staging = `${directory}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    execFileSync('npm', ['install', '--prefix', staging, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', `${name}@${version}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 10 * 60 * 1000,
    });
    if (!existsSync(entry(staging))) throw new Error(`npm installed ${name}@${version} but ${entry(staging)} is missing`);
    try {
      renameSync(staging, directory);
    } catch (error) {
      // Another run finished the same install first: its copy is as good as ours.
      if (!existsSync(target)) throw error;
    }
  } catch (error) {
    const output = error && typeof error === 'object' && 'stderr' in error ? String(error.stderr) : '';
    throw new Error(`could not install ${name}@${version} into ${directory}: ${error.message}\n${output}`);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return target;
}

module.exports = { installPinnedNpmPackage };
