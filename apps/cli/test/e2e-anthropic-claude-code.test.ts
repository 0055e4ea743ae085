/**
 * Claude Code itself against the proxy: the pinned `@anthropic-ai/claude-code` (installed on demand by
 * test-support/install-claude-code.js, never by pnpm install), a fresh HOME, a working folder outside any git
 * repository, a dummy key, non-essential traffic off, and the proxy in front of the AskSage simulator.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startAskSageSimulator, type RunningSimulator } from '@asksage-proxy/asksage-simulator';
import { ensureClaudeCode } from '../../../test-support/install-claude-code';
import { startProxyProcess, type ProxyProcess } from './support/start-proxy-process';

const GOOD_KEY = 'e2e-claude-code-key-'.padEnd(64, 'c');

interface ClaudeRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe('Claude Code against the proxy and the AskSage simulator', () => {
  let claude: string;
  let simulator: RunningSimulator;
  let proxy: ProxyProcess;
  let home: string;
  let work: string;

  beforeAll(async () => {
    claude = ensureClaudeCode();
    simulator = await startAskSageSimulator({ keys: [{ key: GOOD_KEY }] });
    proxy = await startProxyProcess({
      config: { api_keys: [{ key: GOOD_KEY, name: 'lab' }], asksage_server_base_url: simulator.serverBaseUrl, asksage_user_base_url: simulator.userBaseUrl },
    });
  }, 10 * 60 * 1000);

  afterAll(async () => {
    await proxy?.stop();
    await simulator?.close();
  });

  beforeEach(() => {
    simulator.reset();
    home = mkdtempSync(path.join(tmpdir(), 'claude-code-home-'));
    work = mkdtempSync(path.join(tmpdir(), 'claude-code-work-'));
  });

  afterEach(() => {
    rmSync(home, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  function runClaude(args: string[], env: Record<string, string> = {}): Promise<ClaudeRun> {
    return new Promise((resolve) => {
      execFile(
        claude,
        args,
        {
          cwd: work,
          timeout: 120_000,
          env: {
            PATH: process.env.PATH ?? '',
            HOME: home,
            ANTHROPIC_BASE_URL: proxy.url,
            ANTHROPIC_API_KEY: 'dummy-key-the-proxy-ignores',
            CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
            DISABLE_AUTOUPDATER: '1',
            ...env,
          },
        },
        // On failure jest prints the whole run, stderr included: Claude Code says there why it gave up.
        (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
      ).stdin?.end();
    });
  }

  /** The `/query` bodies AskSage received, in order. */
  const queries = () =>
    simulator
      .requests()
      .filter((request) => request.path === '/server/query')
      .map((request) => ({ body: (request.body ?? {}) as Record<string, unknown> }));

  it('claude -p completes and prints the answer AskSage gave, from one streamed request', async () => {
    simulator.injectFault({ kind: 'script', text: 'Hello from the AskSage simulator.', times: 'always' });
    const run = await runClaude(['-p', 'Say hello', '--model', 'claude-sonnet-4-5']);
    expect(run).toMatchObject({ code: 0 });
    expect(run.stdout.trim()).toBe('Hello from the AskSage simulator.');
    // A malformed stream makes Claude Code silently retry without streaming: one query means the stream was fine.
    expect(queries()).toHaveLength(1);
    const body = queries()[0]?.body ?? {};
    expect(body.model).toBe('google-claude-45-sonnet');
    expect(String(body.system_prompt)).not.toContain('x-anthropic-billing-header');
    expect(Array.isArray(body.tools)).toBe(true);
    // Claude Code asks for thinking with a 31 999-token budget: AskSage's highest reasoning effort.
    expect(body.reasoning_effort).toBe('high');
  });

  it('discovers the models through GET /v1/models and prints the simulator\'s own answer (no tools offered)', async () => {
    const answer = 'Hi from the simulator, through the proxy.';
    const logBefore = proxy.output().length;
    const run = await runClaude(['-p', `Reply please [[text:${Buffer.from(answer).toString('base64')}]]`, '--model', 'claude-haiku-4-5', '--tools', ''], {
      CLAUDE_CODE_ENABLE_GATEWAY_MODEL_DISCOVERY: '1',
    });
    expect(run).toMatchObject({ code: 0 });
    expect(run.stdout.trim()).toBe(answer);
    expect(queries()[0]?.body.model).toBe('google-claude-45-haiku');
    expect(proxy.output().slice(logBefore)).toMatch(/GET \/v1\/models 200/);
  });

  it('gets through ToolSearch, its loader of deferred tools, and answers', async () => {
    simulator.injectFault({ kind: 'script', toolCalls: [{ name: 'ToolSearch', arguments: { query: 'select:NotebookEdit', max_results: 1 } }], times: 1 });
    simulator.injectFault({ kind: 'script', text: 'Loaded it.', times: 'always' });
    const run = await runClaude(['-p', 'Load the notebook tool', '--model', 'claude-sonnet-4-5']);
    expect(run).toMatchObject({ code: 0 });
    expect(run.stdout.trim()).toBe('Loaded it.');
    const [, second] = queries();
    // Against a gateway Claude Code 2.1.328 strips tool_reference blocks itself ("tool search not enabled").
    expect(JSON.stringify(second?.body.message)).toMatch(/\[tool result for toolu_\w+ \(ToolSearch\)\]/);
  });

  it('runs a real tool through the proxy: tool_use -> Claude Code runs Bash -> tool_result -> final answer', async () => {
    simulator.injectFault({ kind: 'script', toolCalls: [{ name: 'Bash', arguments: { command: 'echo tool-ran-$((6*7))', description: 'Print a marker' } }], times: 1 });
    simulator.injectFault({ kind: 'script', text: 'The tool ran.', times: 'always' });
    const run = await runClaude(['-p', 'Run the marker command', '--model', 'claude-sonnet-4-5', '--allowedTools', 'Bash(echo:*)']);
    expect(run).toMatchObject({ code: 0 });
    expect(run.stdout.trim()).toBe('The tool ran.');
    const [, second] = queries();
    // The command's output came back as the tool result in the history AskSage saw.
    expect(JSON.stringify(second?.body.message)).toContain('tool-ran-42');
  });

  it('reads a PDF with its Read tool: the PDF reaches AskSage as a file and the turn completes (it used to be a 400)', async () => {
    const pdfPath = path.join(work, 'tiny.pdf');
    copyFileSync(path.join(__dirname, '__fixtures__', 'tiny.pdf'), pdfPath);
    const pdfSha256 = createHash('sha256').update(readFileSync(pdfPath)).digest('hex');
    simulator.injectFault({ kind: 'script', toolCalls: [{ name: 'Read', arguments: { file_path: pdfPath } }], times: 1 });
    simulator.injectFault({ kind: 'script', text: 'The PDF says hello.', times: 'always' });
    const run = await runClaude(['-p', 'Read tiny.pdf and tell me what it says', '--model', 'claude-sonnet-4-5', '--allowedTools', 'Read']);
    expect(run).toMatchObject({ code: 0 });
    // AskSage prepends the text it extracted (a <file-content> block), then the model's answer.
    expect(run.stdout).toContain('Hello from a tiny PDF');
    expect(run.stdout.trim().endsWith('The PDF says hello.')).toBe(true);
    const withFiles = simulator.requests().filter((request) => request.path === '/server/query' && (request.files ?? []).length > 0);
    expect(withFiles[0]?.files).toEqual([expect.objectContaining({ mimeType: 'application/pdf', sha256: pdfSha256 })]);
    expect(JSON.stringify(withFiles[0]?.body)).toMatch(/\[document 1: attached as file [^\]]+\.pdf\]/);
  });
});
