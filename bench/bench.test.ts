/**
 * Keeps the benchmark scripts from rotting: runs every scenario once at tiny size against the built
 * CLI and simulator. Benchmarks are not tests, so nothing here looks at a number or a duration;
 * it checks that the suite runs to the end and reports all five figures.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const repositoryRoot = path.resolve(__dirname, '..');
const requiredBuildOutputs = ['apps/cli/dist/asksage-proxy.js', 'packages/asksage-simulator/dist/main.js', 'packages/asksage-simulator/dist/index.js'];

/** The labels of the five figures in the printed table. */
const figureLabels = [
  'added latency p50, sequential',
  'throughput c64, proxy / pass-through',
  'streaming [DONE] after upstream answer',
  'peak RSS',
  'RSS drift',
  'cold start to first 200 on /health',
];

describe('pnpm bench --scale tiny', () => {
  let child: ChildProcess | undefined;

  afterAll(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  });

  it('runs every scenario and prints all five figures', async () => {
    const missing = requiredBuildOutputs.filter((file) => !existsSync(path.join(repositoryRoot, file)));
    if (missing.length > 0) {
      throw new Error(`the bench test needs the build; missing: ${missing.join(', ')}. Run \`pnpm run build\` (pnpm test does).`);
    }
    let output = '';
    const started = spawn(process.execPath, ['bench/run.js', '--scale', 'tiny', '--no-write'], {
      cwd: repositoryRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = started;
    started.stdout?.on('data', (data: Buffer) => (output += data.toString()));
    started.stderr?.on('data', (data: Buffer) => (output += data.toString()));
    const exitCode = await new Promise<number | null>((resolve) => started.once('exit', (code) => resolve(code)));

    expect({ exitCode, output }).toEqual({ exitCode: 0, output: expect.any(String) });
    for (const label of figureLabels) expect(output).toContain(label);
    expect(output).toContain('upstream https (cert_path = the simulator test CA)');
    expect(output).not.toContain('FAILED');
  }, 240_000);
});
