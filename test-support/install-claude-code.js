#!/usr/bin/env node
// Installs the pinned Claude Code CLI on demand, for the end-to-end test that drives it (apps/cli/test/
// e2e-anthropic-claude-code.test.ts) and for .ci/run. It is not a dependency of the workspace: `pnpm install`
// never downloads it (about 200 MB of native binary), only tests that need it do, once per version.
//
//   node test-support/install-claude-code.js          installs if missing, prints the path of the `claude` binary
//   CLAUDE_CODE_CACHE_DIR=/some/dir node ...          installs under another folder
//
// The version is the one measured in shared/docs/clients.md; bump it here and re-run the test to move.
const { execFileSync } = require('node:child_process');
const { existsSync, mkdirSync, renameSync, rmSync } = require('node:fs');
const { homedir } = require('node:os');
const path = require('node:path');

/** The pinned `@anthropic-ai/claude-code` version. */
const claudeCodeVersion = '2.1.328';

/** Folder holding one installed version; shared by every worktree and CI run on the machine. */
function cacheDirectory(version = claudeCodeVersion) {
  const root = process.env.CLAUDE_CODE_CACHE_DIR || path.join(homedir(), '.cache', 'asksage-proxy', 'claude-code');
  return path.join(root, version);
}

/** Path of the `claude` executable inside a cache folder. */
function binaryPath(directory) {
  return path.join(directory, 'node_modules', '.bin', 'claude');
}

/**
 * Returns the path of the pinned `claude` binary, installing it with npm first when it is missing. Throws with npm's
 * output when the install fails (no network, registry down), so the test says why it could not run.
 */
function ensureClaudeCode(version = claudeCodeVersion) {
  const directory = cacheDirectory(version);
  const binary = binaryPath(directory);
  if (existsSync(binary)) return binary;
  // Install into a sibling folder and rename: a half-finished install never looks usable to a later run.
  const staging = `${directory}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    execFileSync(
      'npm',
      ['install', '--prefix', staging, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', `@anthropic-ai/claude-code@${version}`],
      { stdio: ['ignore', 'pipe', 'pipe'], timeout: 10 * 60 * 1000 },
    );
    if (!existsSync(binaryPath(staging))) throw new Error(`npm installed @anthropic-ai/claude-code@${version} but ${binaryPath(staging)} is missing`);
    try {
      renameSync(staging, directory);
    } catch (error) {
      // Another run finished the same install first: its copy is as good as ours.
      if (!existsSync(binary)) throw error;
    }
  } catch (error) {
    const output = error && typeof error === 'object' && 'stderr' in error ? String(error.stderr) : '';
    throw new Error(`could not install @anthropic-ai/claude-code@${version} into ${directory}: ${error.message}\n${output}`);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return binary;
}

module.exports = { claudeCodeVersion, ensureClaudeCode, cacheDirectory };

if (require.main === module) {
  process.stdout.write(`${ensureClaudeCode()}\n`);
}
