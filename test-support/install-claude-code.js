#!/usr/bin/env node
// Installs the pinned Claude Code CLI on demand, for the end-to-end test that drives it (apps/cli/test/
// e2e-anthropic-claude-code.test.ts) and for .ci/run. It is not a dependency of the workspace: `pnpm install`
// never downloads it (about 200 MB of native binary), only tests that need it do, once per version.
//
//   node test-support/install-claude-code.js          installs if missing, prints the path of the `claude` binary
//   CLAUDE_CODE_CACHE_DIR=/some/dir node ...          installs under another folder
//
// The version is the one measured in shared/docs/clients.md; bump it here and re-run the test to move.
const { installPinnedNpmPackage } = require('./install-pinned-npm-package');
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
  return installPinnedNpmPackage({ name: '@anthropic-ai/claude-code', version, directory: cacheDirectory(version), entry: binaryPath });
}

module.exports = { claudeCodeVersion, ensureClaudeCode, cacheDirectory };

if (require.main === module) {
  process.stdout.write(`${ensureClaudeCode()}\n`);
}
