/**
 * `npm install -g asksage-proxy` works: the packed tarball (what npm publishes) installs into a fresh prefix and
 * its `asksage-proxy` runs `--version` and `--demo` from a folder far from the workspace. Needs the build
 * (`pnpm test` builds first) and the npm registry for the runtime dependencies.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const cliRoot = path.resolve(__dirname, '..');
const bundle = path.join(cliRoot, 'dist', 'asksage-proxy.js');

jest.setTimeout(240_000);

let scratch: string;
let prefix: string;
let tarball: string;

/** Environment without the workspace: no inherited NODE_PATH, a private HOME. */
function isolatedEnv(home: string): NodeJS.ProcessEnv {
  return { PATH: `${path.join(prefix, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`, HOME: home };
}

beforeAll(async () => {
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`pnpm build\` first (pnpm test does).`);
  scratch = mkdtempSync(path.join(tmpdir(), 'cli-global-install-'));
  prefix = path.join(scratch, 'prefix');
  await run('pnpm', ['pack', '--pack-destination', scratch], { cwd: cliRoot });
  const packed = readdirSync(scratch).find((name) => name.endsWith('.tgz'));
  if (!packed) throw new Error('pnpm pack produced no tarball');
  tarball = path.join(scratch, packed);
  await run('npm', ['install', '-g', tarball, '--prefix', prefix, '--no-audit', '--no-fund', '--prefer-offline'], { cwd: scratch, env: { ...process.env, HOME: process.env.HOME } });
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

it('packs no workspace: dependency and keeps workspace packages out of the runtime dependencies', async () => {
  const { stdout } = await run('tar', ['-xzOf', tarball, 'package/package.json']);
  expect(stdout).not.toContain('workspace:');
  const manifest = JSON.parse(stdout) as { dependencies: Record<string, string>; bin: Record<string, string> };
  expect(Object.keys(manifest.dependencies).filter((name) => name.startsWith('@asksage-proxy/'))).toEqual([]);
  expect(manifest.bin['asksage-proxy']).toBe('dist/asksage-proxy.js');
});

it('ships a README and no certificates or private keys (--demo serves plain http and needs none)', async () => {
  const { stdout } = await run('tar', ['-tzf', tarball]);
  const files = stdout.split('\n').filter((line) => line.length > 0);
  expect(files).toContain('package/README.md');
  expect(files.filter((file) => file.includes('/certs/') || file.endsWith('.pem'))).toEqual([]);
});

it('the installed command prints its version from a folder outside the workspace', async () => {
  const home = mkdtempSync(path.join(scratch, 'home-'));
  const { stdout } = await run(path.join(prefix, 'bin', 'asksage-proxy'), ['--version'], { cwd: home, env: isolatedEnv(home) });
  expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
});

it('the installed command runs --demo and answers /health, then stops on SIGTERM', async () => {
  const home = mkdtempSync(path.join(scratch, 'home-'));
  const child = spawn(path.join(prefix, 'bin', 'asksage-proxy'), ['--demo', '--port', '0'], { cwd: home, env: isolatedEnv(home), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (data: Buffer) => (output += data.toString()));
  child.stderr.on('data', (data: Buffer) => (output += data.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    let url: string | undefined;
    for (let attempt = 0; attempt < 200 && url === undefined; attempt += 1) {
      url = /OpenAI base URL: (http:\/\/127\.0\.0\.1:\d+)\/v1/.exec(output)?.[1];
      if (url === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(output).toContain('DEMO');
    expect(url).toBeDefined();
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
});
