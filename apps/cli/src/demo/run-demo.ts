import os from 'node:os';
import path from 'node:path';
import { DEMO_KEY, startAskSageSimulator } from '@asksage-proxy/asksage-simulator';
import type { CliIo } from '../cli-io';
import { resolveConfig } from '../config/resolve-config';
import { readCuratedModels } from '../models/index';
import type { ClosableLogger } from '@asksage-proxy/runtime-node';
import { runProxyServer } from '../serve/run-proxy-server';
import { formatDemoBanner } from './format-demo-banner';

/** A friendly, memorable port for the demo; a free one is used when it is taken. */
export const demoDefaultPort = 8787;

/** Options of `runDemo`. */
export interface RunDemoOptions {
  io: CliIo;
  logger: ClosableLogger;
  version: string;
  /** `--port`, when given (then no fallback: the user asked for that port). */
  port?: number;
  verbose?: boolean;
}

/**
 * `--demo`: no config, no key, no network. Starts the AskSage simulator in-process on 127.0.0.1 (http), serves
 * the shipped model list from it with `DEMO_KEY`, and listens on 127.0.0.1:8787 (or a free port).
 */
export async function runDemo(options: RunDemoOptions): Promise<number> {
  const { io } = options;
  const curated = await readCuratedModels();
  const modelIds = curated.entries.map((entry) => entry.id);
  const simulator = await startAskSageSimulator({ models: modelIds });
  const defaults = resolveConfig({ home: io.home, cwd: io.cwd });
  const config = {
    ...defaults,
    host: '127.0.0.1',
    port: options.port ?? demoDefaultPort,
    verbose: options.verbose ?? false,
    apiKeys: [{ name: 'demo', key: DEMO_KEY, weight: 1 }],
    serverBaseUrl: simulator.serverBaseUrl,
    userBaseUrl: simulator.userBaseUrl,
    certPath: undefined,
    modelsFile: undefined,
  };
  const model = modelIds.includes('gpt-4o') ? 'gpt-4o' : (modelIds[0] ?? 'gpt-4o');
  try {
    return await runProxyServer({
      config,
      io,
      logger: options.logger,
      version: options.version,
      // The user's validated cache names their own keys, not the demo key: never read it here.
      cacheFile: path.join(os.tmpdir(), `asksage-proxy-demo-${process.pid}-no-cache.json`),
      fallbackPort: options.port === undefined ? 0 : undefined,
      configSource: 'demo (built-in simulator)',
      banner: (url) => formatDemoBanner(url, model, options.version),
      onStopped: () => simulator.close(),
    });
  } catch (error) {
    await simulator.close();
    throw error;
  }
}
