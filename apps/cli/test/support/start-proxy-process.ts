/**
 * Starts the proxy exactly as a user runs it: the built CLI bundle, a config.yaml in a temp folder,
 * an empty HOME (no user config or model cache leaks in), readiness by polling GET /health.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dump } from 'js-yaml';
import { findFreePort } from '../../src/setup/find-free-port';

/** Path of the bundled CLI that `npm install -g` ships. */
export const cliBundlePath = path.resolve(__dirname, '../../dist/asksage-proxy.js');

/** A proxy process under test. */
export interface ProxyProcess {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `url + '/v1'`, what OpenAI clients take as baseURL. */
  baseURL: string;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** The temp folder used as HOME and config folder. */
  home: string;
  /** SIGTERM, wait for exit; resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Resolves with the exit code when the process ends by itself (one-shot commands). */
  waitForExit(): Promise<number | null>;
}

/** Options of startProxyProcess. */
export interface StartProxyOptions {
  /** config.yaml contents; `port` and `host` are filled in. Omit to start without a config file (e.g. --demo). */
  config?: Record<string, unknown>;
  /** Extra CLI arguments. */
  args?: string[];
  /** Extra environment. */
  env?: Record<string, string>;
  /** Wait for /health to answer 200 (default true). */
  waitForHealth?: boolean;
  /** Reuse this folder as HOME and config folder (kept on stop); default a fresh temp folder, removed on stop. */
  home?: string;
}

/** Spawn the built CLI and wait until it serves. */
export async function startProxyProcess(options: StartProxyOptions = {}): Promise<ProxyProcess> {
  if (!existsSync(cliBundlePath)) {
    throw new Error(`${cliBundlePath} is missing: run \`pnpm build\` first (pnpm test does).`);
  }
  const home = options.home ?? mkdtempSync(path.join(tmpdir(), 'asksage-proxy-e2e-'));
  const port = await findFreePort();
  const args = [cliBundlePath];
  if (options.config) {
    const configPath = path.join(home, 'config.yaml');
    writeFileSync(configPath, dump({ host: '127.0.0.1', port, ...options.config }), { mode: 0o600 });
    args.push(configPath);
  } else {
    args.push('--port', String(port));
  }
  args.push(...(options.args ?? []));
  let output = '';
  const child = spawn(process.execPath, args, {
    cwd: home,
    env: { PATH: process.env.PATH ?? '', HOME: home, NODE_ENV: 'test', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (data: Buffer) => (output += data.toString()));
  child.stderr?.on('data', (data: Buffer) => (output += data.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const proxy: ProxyProcess = {
    url,
    baseURL: `${url}/v1`,
    child,
    home,
    output: () => output,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const code = await exited;
      if (options.home === undefined) rmSync(home, { recursive: true, force: true });
      return code;
    },
    waitForExit: () => exited,
  };
  if (options.waitForHealth !== false) {
    await waitForHealth(proxy, exited);
  }
  return proxy;
}

async function waitForHealth(proxy: ProxyProcess, exited: Promise<number | null>): Promise<void> {
  let done = false;
  void exited.then(() => (done = true));
  for (let attempt = 0; attempt < 300; attempt += 1) {
    if (done) throw new Error(`proxy exited before serving:\n${proxy.output()}`);
    try {
      const response = await fetch(`${proxy.url}/health`);
      if (response.status === 200 || response.status === 503) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await proxy.stop('SIGKILL');
  throw new Error(`proxy did not serve /health in time:\n${proxy.output()}`);
}
