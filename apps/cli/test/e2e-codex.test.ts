/**
 * Codex CLI itself against the proxy: `codex exec` (the pinned `@openai/codex`, installed on demand by
 * test-support/install-codex.js) with a model provider pointed at the real CLI process in front of the simulator.
 * Codex speaks only the Responses API, streams with `store: false`, and acts on `response.output_item.done`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startAskSageSimulator, type RunningSimulator } from '@asksage-proxy/asksage-simulator';
import { ensureCodexInstalled } from '../../../test-support/install-codex';
import { startProxyProcess, type ProxyProcess } from './support/start-proxy-process';


const KEY = 'e2e-codex-key-'.padEnd(64, 'c');
const codexTimeoutMs = 120_000;

interface CodexRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The config a user writes to point Codex at the proxy (docs/responses-api.md has the same block). */
function codexConfig(baseURL: string, model: string): string {
  return [
    `model = "${model}"`,
    'model_provider = "asksage"',
    '',
    '[model_providers.asksage]',
    'name = "AskSage via asksage-proxy"',
    `base_url = "${baseURL}"`,
    'wire_api = "responses"',
    'env_key = "ASKSAGE_PROXY_KEY"',
    'request_max_retries = 0',
    'stream_max_retries = 0',
    'supports_websockets = false',
    '',
  ].join('\n');
}

describe('Codex CLI against the proxy', () => {
  let simulator: RunningSimulator;
  let proxy: ProxyProcess;
  let codexLauncher: string;
  let work: string;

  /** `codex exec` in a fresh CODEX_HOME and HOME, plugin sync off, no sandbox (the scripted command is fixed). */
  function runCodex(prompt: string, options: { model?: string; workdir?: string } = {}): Promise<CodexRun> {
    const home = mkdtempSync(path.join(work, 'home-'));
    const workdir = options.workdir ?? mkdtempSync(path.join(work, 'project-'));
    writeFileSync(path.join(home, 'config.toml'), codexConfig(proxy.baseURL, options.model ?? 'gpt-4o'));
    const args = [
      codexLauncher, 'exec',
      '--skip-git-repo-check',
      '--disable', 'plugins', '--disable', 'remote_plugin', '--disable', 'apps',
      '--sandbox', 'danger-full-access',
      '-C', workdir,
      prompt,
    ];
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, args, {
        cwd: workdir,
        env: { PATH: process.env.PATH ?? '', HOME: home, CODEX_HOME: home, ASKSAGE_PROXY_KEY: 'unused-inbound-key', NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
      child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), codexTimeoutMs);
      child.once('error', reject);
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
  }

  function responsesQueries(): Array<{ message: unknown }> {
    return simulator.requests().filter((request) => request.path.startsWith('/server/query')).map((request) => request.body as { message: unknown });
  }

  beforeAll(async () => {
    codexLauncher = ensureCodexInstalled();
    work = mkdtempSync(path.join(tmpdir(), 'asksage-proxy-codex-'));
    simulator = await startAskSageSimulator({ keys: [{ key: KEY }] });
    // Codex gives `gpt-5.5` its freeform apply_patch tool; the user maps that name to an AskSage model with an alias.
    const modelsFile = path.join(work, 'models.json');
    writeFileSync(modelsFile, JSON.stringify({ models: [{ id: 'gpt-4o' }, { id: 'gpt-5', aliases: ['gpt-5.5'] }] }));
    proxy = await startProxyProcess({
      config: { api_keys: [KEY], asksage_server_base_url: simulator.serverBaseUrl, asksage_user_base_url: simulator.userBaseUrl, models_file: modelsFile },
    });
  }, 600_000);

  afterAll(async () => {
    await proxy?.stop();
    await simulator?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  beforeEach(() => simulator.reset());

  it('completes a turn and prints the answer AskSage gave', async () => {
    simulator.injectFault({ kind: 'script', text: 'Hello from the AskSage simulator, via the proxy.' });
    const run = await runCodex('Say hello.');
    expect({ code: run.code, stderr: run.stderr.slice(-2000) }).toMatchObject({ code: 0 });
    expect(run.stdout).toContain('Hello from the AskSage simulator, via the proxy.');
    const [query] = responsesQueries();
    expect(JSON.stringify(query?.message)).toContain('Say hello.');
  }, codexTimeoutMs + 10_000);

  it('runs the tool call AskSage returned and sends the result back in a second request', async () => {
    simulator.injectFault({ kind: 'script', toolCalls: [{ name: 'exec_command', arguments: { cmd: 'echo codex-ran-$((40 + 2))' } }] });
    simulator.injectFault({ kind: 'script', text: 'The command printed codex-ran-42.' });
    const run = await runCodex('Run the check command.');
    expect({ code: run.code, stderr: run.stderr.slice(-2000) }).toMatchObject({ code: 0 });
    const queries = responsesQueries();
    expect(queries).toHaveLength(2);
    // The shell computed 42: the output can only have come from Codex running the command.
    expect(JSON.stringify(queries[1]?.message)).toContain('codex-ran-42');
    expect(run.stdout).toContain('The command printed codex-ran-42.');
  }, codexTimeoutMs + 10_000);

  it('applies the patch AskSage wrote with the freeform apply_patch tool of Codex (a custom tool call)', async () => {
    const patch = '*** Begin Patch\n*** Add File: hello.txt\n+hello from AskSage\n*** End Patch\n';
    simulator.injectFault({ kind: 'script', toolCalls: [{ name: 'apply_patch', arguments: { input: patch } }] });
    simulator.injectFault({ kind: 'script', text: 'Added hello.txt.' });
    const workdir = mkdtempSync(path.join(work, 'project-'));
    const run = await runCodex('Add hello.txt.', { model: 'gpt-5.5', workdir });
    expect({ code: run.code, stderr: run.stderr.slice(-2000) }).toMatchObject({ code: 0 });
    expect(readFileSync(path.join(workdir, 'hello.txt'), 'utf8')).toBe('hello from AskSage\n');
    const queries = responsesQueries();
    expect(queries).toHaveLength(2);
    expect(JSON.stringify(queries[1]?.message)).toContain('hello.txt');
    expect(run.stdout).toContain('Added hello.txt.');
  }, codexTimeoutMs + 10_000);
});
