#!/usr/bin/env node
// Installs the pinned Codex CLI (`@openai/codex`, which ships its own native binary) into a cache folder when it
// is missing, and prints the path of its launcher. The end-to-end tests in apps/cli/test/e2e-codex*.test.ts call
// it; .ci/run may call it ahead of the tests. It is not a workspace dependency on purpose: the package is ~9 MB
// per platform and only these tests need it, so `pnpm install` stays lean and the version stays pinned here.
//
//   node test-support/install-codex.js            -> installs if needed, prints the launcher path
//   CODEX_CACHE_DIR=/somewhere node test-support/install-codex.js
const { spawnSync } = require('node:child_process');
const { existsSync, mkdirSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/** The Codex CLI version the tests are written against (docs/responses-api.md names it too). */
const codexVersion = '0.169.0';

/** Where the pinned version lives: shared by every clone on the machine, one folder per version. */
function codexInstallDir() {
  const base = process.env.CODEX_CACHE_DIR || path.join(os.homedir(), '.cache', 'asksage-proxy', 'codex');
  return path.join(base, codexVersion);
}

/** The `codex` launcher (a Node script that starts the platform's binary) inside an install folder. */
function codexLauncherPath(installDir = codexInstallDir()) {
  return path.join(installDir, 'node_modules', '@openai', 'codex', 'bin', 'codex.js');
}

/** Installs the pinned Codex when missing; returns the launcher path. Throws with npm's output when it fails. */
function ensureCodexInstalled() {
  const installDir = codexInstallDir();
  const launcher = codexLauncherPath(installDir);
  if (existsSync(launcher)) return launcher;
  mkdirSync(installDir, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(
    npm,
    ['install', '--prefix', installDir, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', `@openai/codex@${codexVersion}`],
    { encoding: 'utf8', timeout: 9 * 60_000 },
  );
  if (result.status !== 0 || !existsSync(launcher)) {
    throw new Error(`npm install @openai/codex@${codexVersion} into ${installDir} failed (exit ${result.status}):\n${result.stdout}${result.stderr}${result.error ?? ''}`);
  }
  return launcher;
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
