#!/usr/bin/env node
// Installs the pinned Codex CLI (`@openai/codex`, which ships its own native binary) on demand, for the end-to-end
// tests that drive it (apps/cli/test/e2e-codex.test.ts) and for .ci/run. It is not a dependency of the workspace:
// `pnpm install` never downloads it, only the tests that need it do, once per version.
//
//   node test-support/install-codex.js            installs if missing, prints the path of the `codex` launcher
//   CODEX_CACHE_DIR=/some/dir node ...            installs under another folder
//
// The version is the one docs/responses-api.md names as tested; bump it here (and there) and re-run the tests to move.
const { installPinnedNpmPackage } = require('./install-pinned-npm-package');
const { homedir } = require('node:os');
const path = require('node:path');

/** The pinned `@openai/codex` version. */
const codexVersion = '0.169.0';

/** Folder holding one installed version; shared by every worktree and CI run on the machine. */
function codexInstallDir(version = codexVersion) {
  const root = process.env.CODEX_CACHE_DIR || path.join(homedir(), '.cache', 'asksage-proxy', 'codex');
  return path.join(root, version);
}

/** The `codex` launcher (a Node script that starts the platform's binary) inside an install folder. */
function codexLauncherPath(directory = codexInstallDir()) {
  return path.join(directory, 'node_modules', '@openai', 'codex', 'bin', 'codex.js');
}

/**
 * Returns the path of the pinned Codex launcher, installing it with npm first when it is missing. Throws with npm's
 * output when the install fails (no network, registry down), so the test says why it could not run.
 */
function ensureCodexInstalled(version = codexVersion) {
  return installPinnedNpmPackage({ name: '@openai/codex', version, directory: codexInstallDir(version), entry: (directory) => codexLauncherPath(directory) });
}

module.exports = { codexVersion, codexInstallDir, codexLauncherPath, ensureCodexInstalled };

if (require.main === module) {
  try {
    console.log(ensureCodexInstalled());
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
