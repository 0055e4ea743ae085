/**
 * Flags are checked with the same rules as the config file: a flag without its value, an empty host or a port
 * that is not 0-65535 is a usage error (exit 2) before anything binds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../src/run-cli';
import { createMemoryIo } from '../src/testing/create-memory-io';

let home: string;

beforeEach(() => {
  home = mkdtempSync(path.join(tmpdir(), 'cli-flags-'));
});

afterEach(() => {
  rmSync(home, { recursive: true, force: true });
});

async function run(argv: string[]) {
  // Keys in the environment: were a flag ignored, --show would succeed (exit 0) instead of failing.
  const io = createMemoryIo({ home, env: { ASKSAGE_PROXY_API_KEYS: 'lab:some-key-value-for-tests-000000' } });
  const code = await main(argv, io);
  return { code, stdout: io.stdoutText(), stderr: io.stderrText() };
}

it.each([
  [['--host'], /host/],
  [['--show', '--host'], /host/],
  [['--port'], /port/],
  [['--show', '-p'], /port/],
  [['--log-format'], /log-format/],
])('%j without a value is an error (exit 2), never all interfaces or silently ignored', async (argv, flag) => {
  const result = await run(argv);
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(flag);
  expect(result.stderr).toContain('--help');
});

it('rejects an empty --host', async () => {
  const result = await run(['--show', '--host', '']);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('--host expects an address');
});

it.each(['99999', '-1', '80.5', '8080abc', '', 'http'])('rejects --port %j', async (port) => {
  const result = await run(['--show', '--port', port]);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('--port expects a whole number from 0 to 65535');
});

it('accepts valid values and shows them as flags', async () => {
  const result = await run(['--show', '--host', '127.0.0.2', '--port', '0']);
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/^host: 127\.0\.0\.2$/m);
  expect(result.stdout).toMatch(/^port: 0$/m);
  expect(result.stdout).toContain('#   port: flag (--port)');
});

it('names the closest flag for a typo, and -V prints the version', async () => {
  const typo = await run(['--hots', '127.0.0.1']);
  expect(typo.code).toBe(2);
  expect(typo.stderr).toContain('did you mean --host?');
  const version = await run(['-V']);
  expect(version.code).toBe(0);
  expect(version.stdout).toMatch(/^\d+\.\d+\.\d+/);
});

it('prints a bash completion script that offers the flags', async () => {
  const completion = await run(['completion']);
  expect(completion.code).toBe(0);
  expect(completion.stdout).toContain('complete -F _asksage_proxy_complete asksage-proxy');
  expect(completion.stdout).toContain('--refresh-available-models');
});
