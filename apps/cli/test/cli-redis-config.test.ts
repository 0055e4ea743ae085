/**
 * `redis_url` as a user sets it (file, environment, flag) and sees it in `--show`: the password is never printed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../src/run-cli';
import { createMemoryIo } from '../src/testing/create-memory-io';

const key = 'R'.repeat(30) + 'redisConfigKey000000000000000000000';
const password = 'sh4red-redis-passw0rd';
let work: string;

beforeEach(() => {
  work = mkdtempSync(path.join(tmpdir(), 'cli-redis-config-'));
});

afterEach(() => rmSync(work, { recursive: true, force: true }));

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const io = createMemoryIo({ home: work, cwd: work, env });
  const code = await main(argv, io);
  return { code, stdout: io.stdoutText(), stderr: io.stderrText() };
}

function writeConfig(extra: string): void {
  writeFileSync(path.join(work, 'config.yaml'), `api_keys: [${key}]\n${extra}`);
}

it('shows redis_url from the file with its password masked', async () => {
  writeConfig(`redis_url: rediss://:${password}@redis.internal:6380/2\n`);
  const result = await run(['--show']);
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/^redis_url: rediss:\/\/:\*\*\*\*@redis\.internal:6380\/2$/m);
  expect(result.stdout + result.stderr).not.toContain(password);
});

it('takes redis_url from ASKSAGE_PROXY_REDIS_URL and --redis-url, the flag winning', async () => {
  writeConfig('');
  const fromEnv = await run(['--show'], { ASKSAGE_PROXY_REDIS_URL: `redis://user:${password}@10.0.0.5:6379` });
  expect(fromEnv.stdout).toMatch(/^redis_url: redis:\/\/user:\*\*\*\*@10\.0\.0\.5:6379$/m);
  expect(fromEnv.stdout).toContain('#   redis_url: env (ASKSAGE_PROXY_REDIS_URL)');
  const fromFlag = await run(['--show', '--redis-url', 'redis://127.0.0.1:6390'], { ASKSAGE_PROXY_REDIS_URL: 'redis://10.0.0.5:6379' });
  expect(fromFlag.stdout).toMatch(/^redis_url: redis:\/\/127\.0\.0\.1:6390$/m);
  expect(fromFlag.stdout).toContain('#   redis_url: flag (--redis-url)');
});

it('shows no redis_url when none is set, and refuses a URL that is not redis:// or rediss://', async () => {
  writeConfig('');
  expect((await run(['--show'])).stdout).toMatch(/^redis_url: null$/m);
  writeConfig('redis_url: http://localhost:6379\n');
  const refused = await run(['--show']);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain('redis_url');
});
