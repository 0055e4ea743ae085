/**
 * `upstream_api` as a user sets it (file, ASKSAGE_PROXY_UPSTREAM_API, --upstream-api) and sees it in `--show`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../src/run-cli';
import { createMemoryIo } from '../src/testing/create-memory-io';

const key = 'K'.repeat(30) + 'upstreamApiKey0000000000000000000000';
let home: string;
let work: string;

beforeEach(() => {
  home = mkdtempSync(path.join(tmpdir(), 'cli-upstream-home-'));
  work = mkdtempSync(path.join(tmpdir(), 'cli-upstream-work-'));
  writeFileSync(path.join(work, 'config.yaml'), `api_keys: [${key}]\n`);
});
afterEach(() => {
  rmSync(home, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const io = createMemoryIo({ home, cwd: work, env });
  const code = await main(argv, io);
  return { code, stdout: io.stdoutText(), all: io.stdoutText() + io.stderrText() };
}

describe('upstream_api', () => {
  it('defaults to query, and --show says completions go to /query with native streaming', async () => {
    const result = await run(['--show']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^upstream_api: query$/m);
    expect(result.stdout).toContain('# Completions: /query; streams as AskSage generates');
    expect(result.stdout).toContain('#   upstream_api: default');
  });

  it('is set by the environment and overridden by the flag, and --show says which mode is in force', async () => {
    const fromEnv = await run(['--show'], { ASKSAGE_PROXY_UPSTREAM_API: 'passthrough' });
    expect(fromEnv.stdout).toMatch(/^upstream_api: passthrough$/m);
    expect(fromEnv.stdout).toContain("# Completions: passthrough to AskSage's /openai/v1 and /anthropic/v1 surfaces");
    expect(fromEnv.stdout).toContain('#   upstream_api: env (ASKSAGE_PROXY_UPSTREAM_API)');
    const fromFlag = await run(['--show', '--upstream-api', 'query'], { ASKSAGE_PROXY_UPSTREAM_API: 'passthrough' });
    expect(fromFlag.stdout).toMatch(/^upstream_api: query$/m);
    expect(fromFlag.stdout).toContain('#   upstream_api: flag (--upstream-api)');
  });

  it('refuses a value it does not know, naming the key (exit 2)', async () => {
    writeFileSync(path.join(work, 'config.yaml'), `api_keys: [${key}]\nupstream_api: openai\n`);
    const result = await run(['--show']);
    expect(result.code).toBe(2);
    expect(result.all).toContain('upstream_api');
  });
});
