/**
 * `npm install -g ./asksage-proxy-<version>.tgz` works with no network at all: the packed tarball is self-contained
 * (every library bundled, no dependencies to fetch), installs into a fresh prefix with npm offline, and its
 * `asksage-proxy` runs `--version` and `--demo` from a folder far from the workspace. Needs the build (`pnpm test`
 * builds first).
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
  // --offline: npm may not reach any registry, as on an air-gapped host; a dependency left to fetch would fail here.
  await run('npm', ['install', '-g', tarball, '--prefix', prefix, '--no-audit', '--no-fund', '--offline'], { cwd: scratch, env: { ...process.env, HOME: mkdtempSync(path.join(scratch, 'npm-home-')), npm_config_cache: mkdtempSync(path.join(scratch, 'npm-cache-')) } });
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

it('is self-contained and small: no dependencies to fetch, a few MB, the license and the docs the CLI points to', async () => {
  const { stdout } = await run('tar', ['-xzOf', tarball, 'package/package.json']);
  expect(JSON.parse(stdout).dependencies ?? {}).toEqual({});
  expect(statSync(tarball).size).toBeLessThan(8 * 1024 * 1024);
  const files = (await run('tar', ['-tzf', tarball])).stdout.split('\n');
  expect(files).toEqual(expect.arrayContaining(['package/LICENSE', 'package/docs/configuration.md', 'package/docs/anthropic-messages.md']));
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
  // --help points at the configuration page inside the installed package, a file that exists.
  const help = await run(path.join(prefix, 'bin', 'asksage-proxy'), ['--help'], { cwd: home, env: isolatedEnv(home) });
  const page = /Every key: (\S+configuration\.md)/.exec(help.stdout)?.[1];
  expect(page?.startsWith(prefix)).toBe(true);
  expect(existsSync(page ?? '')).toBe(true);
});

/**
 * Runs the installed command in demo mode on a free port, hands its base URL (http://127.0.0.1:PORT) and printed output
 * to `use`, then stops it with SIGTERM; resolves to its exit code.
 */
async function withInstalledDemo(env: NodeJS.ProcessEnv, home: string, use: (url: string | undefined, output: () => string) => Promise<void>): Promise<number | null> {
  const child = spawn(path.join(prefix, 'bin', 'asksage-proxy'), ['--demo', '--port', '0'], { cwd: home, env, stdio: ['ignore', 'pipe', 'pipe'] });
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
    await use(url, () => output);
  } finally {
    child.kill('SIGTERM');
  }
  return exited;
}

it('the installed command runs --demo and answers /health, then stops on SIGTERM', async () => {
  const home = mkdtempSync(path.join(scratch, 'home-'));
  const code = await withInstalledDemo(isolatedEnv(home), home, async (url, output) => {
    expect(output()).toContain('DEMO');
    expect(url).toBeDefined();
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
  });
  expect(code).toBe(0);
});

// Issue 9, idle memory: axios probed Node's lazy `FormData` and `fetch` globals when loaded, which made Node load its
// bundled undici and web streams (~3 MB of RSS for nothing); the bundle leaves those probes out.
it('serves --demo and a chat completion without ever loading Node\'s undici (fetch) or web streams', async () => {
  const home = mkdtempSync(path.join(scratch, 'home-'));
  const loadedList = path.join(home, 'loaded-modules.txt');
  const probe = path.join(home, 'probe.js');
  writeFileSync(probe, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(loadedList)}, process.moduleLoadList.join('\\n')));\n`);
  const code = await withInstalledDemo({ ...isolatedEnv(home), NODE_OPTIONS: `--require ${probe}` }, home, async (url) => {
    expect(url).toBeDefined();
    const models = (await (await fetch(`${url}/v1/models`)).json()) as { data: Array<{ id: string }> };
    const completion = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: models.data[0]?.id, messages: [{ role: 'user', content: 'Say hello.' }] }),
    });
    expect(completion.status).toBe(200);
  });
  expect(code).toBe(0);
  const loaded = readFileSync(loadedList, 'utf8').split('\n');
  // The probe sees what the proxy loaded: Node's http server and TLS, and not undici.
  expect(loaded).toEqual(expect.arrayContaining(['NativeModule _http_server', 'NativeModule tls']));
  expect(loaded.filter((name) => /undici|webstreams\/readablestream/.test(name))).toEqual([]);
});

it('carries the tokenizer tables as their own file next to the bundle, loaded only on the first count', async () => {
  const installed = path.join(prefix, 'lib', 'node_modules', 'asksage-proxy', 'dist');
  const { stdout } = await run('tar', ['-tzf', tarball]);
  expect(stdout.split('\n')).toContain('package/dist/asksage-proxy-o200k.js');
  // The bundle names the chunk by a relative require, so it resolves inside the installed package.
  const script = `const { countTokens } = require(${JSON.stringify(path.join(installed, 'asksage-proxy-o200k.js'))}); process.stdout.write(String(countTokens('hello world')));`;
  const counted = await run(process.execPath, ['-e', script], { cwd: scratch, env: isolatedEnv(scratch) });
  expect(Number(counted.stdout)).toBeGreaterThan(0);
  const bundleText = (await run('tar', ['-xzOf', tarball, 'package/dist/asksage-proxy.js'], { maxBuffer: 64 * 1024 * 1024 })).stdout;
  expect(bundleText).toContain('require("./asksage-proxy-o200k.js")');
  // Every character fits Latin-1: V8 holds the source as a one-byte string, half the memory of a two-byte one.
  expect(/[\u0100-\u{10ffff}]/u.test(bundleText)).toBe(false);
});
