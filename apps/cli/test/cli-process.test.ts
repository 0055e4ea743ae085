/**
 * The built command as a shell, CI job or systemd unit runs it: no TTY, an empty HOME, no network needed.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const bundle = path.resolve(__dirname, '../dist/asksage-proxy.js');

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the bundle with stdin a closed pipe (not a TTY); a hang fails the test through the kill timer. */
function runCli(args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  const home = mkdtempSync(path.join(tmpdir(), 'cli-process-'));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle, ...args], {
      cwd: home,
      // No proxy variables and an unroutable registry: --version must not need the network.
      env: { PATH: process.env.PATH ?? '', HOME: home, npm_config_registry: 'http://127.0.0.1:9', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdin.end();
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(killer);
      rmSync(home, { recursive: true, force: true });
      resolve({ code, stdout, stderr });
    });
  });
}

beforeAll(() => {
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`pnpm build\` first (pnpm test does).`);
});

it('--version prints the version and exits 0', async () => {
  const result = await runCli(['--version']);
  expect(result.code).toBe(0);
  expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
});

it('without a config and without a TTY, explains how to configure and exits 2 instead of waiting for input', async () => {
  const result = await runCli([]);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('stdin is not a terminal');
  expect(result.stderr).toContain('api_keys:');
  expect(result.stderr).toContain('ASKSAGE_PROXY_API_KEYS');
  expect(result.stderr).toContain('.config/asksage_proxy/config.yaml');
});

it('a bad flag gets a clear message and exit 2', async () => {
  const result = await runCli(['--prot', '80']);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('Unknown argument');
  expect(result.stderr).toContain('--help');
});

it('--help lists the flags with examples', async () => {
  const result = await runCli(['--help']);
  expect(result.code).toBe(0);
  for (const flag of ['--host', '--port', '--verbose', '--show', '--edit', '--refresh-available-models', '--demo', '--log-format', '--version']) {
    expect(result.stdout).toContain(flag);
  }
  expect(result.stdout).toContain('Examples:');
});
