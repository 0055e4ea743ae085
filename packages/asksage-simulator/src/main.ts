/**
 * Standalone simulator, for manual tries and benchmarks that run it in its own process:
 * `node packages/asksage-simulator/dist/main.js --port 0 [--latency-ms 5] [--stream-frame-pause-ms 20] [--tls]`.
 * Prints one JSON line `{"url":…,"serverBaseUrl":…,"userBaseUrl":…}` on stdout once listening; stops on SIGINT/SIGTERM.
 */
import { DEMO_KEY } from './demo-key';
import { startAskSageSimulator } from './start-asksage-simulator';

/** Reads `--name value` or `--name=value` from argv. */
function readFlag(argv: string[], name: string): string | undefined {
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] as string;
    if (argument === `--${name}`) return argv[index + 1];
    if (argument.startsWith(`--${name}=`)) return argument.slice(name.length + 3);
  }
  return undefined;
}

async function main(argv: string[]): Promise<void> {
  const port = Number(readFlag(argv, 'port') ?? '0');
  const latencyMs = Number(readFlag(argv, 'latency-ms') ?? '0');
  // Paced streams (time-to-first-token benchmarks): the first frame or event is apart from the rest.
  const streamFramePauseMs = Number(readFlag(argv, 'stream-frame-pause-ms') ?? '0');
  if (!Number.isInteger(port) || port < 0 || !Number.isFinite(latencyMs) || latencyMs < 0 || !Number.isFinite(streamFramePauseMs) || streamFramePauseMs < 0) {
    process.stderr.write('usage: main.js [--port N] [--latency-ms N] [--stream-frame-pause-ms N] [--tls]\n');
    process.exitCode = 2;
    return;
  }
  const simulator = await startAskSageSimulator({ port, latencyMs, streamFramePauseMs, tls: argv.includes('--tls'), maxRecordedRequests: 1_000 });
  const stop = (): void => {
    void simulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // DEMO_KEY is a published fake, so printing it is safe (and saves looking it up).
  process.stdout.write(`${JSON.stringify({ url: simulator.url, serverBaseUrl: simulator.serverBaseUrl, userBaseUrl: simulator.userBaseUrl, demoKey: DEMO_KEY })}\n`);
}

void main(process.argv.slice(2));
