import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IdGenerator, LogFields, Logger, LogLevel } from '@asksage-proxy/core';
import { createHttpApp } from '../create-http-app';
import type { HttpAppDependencies, HttpAppOptions } from '../http-app-dependencies';
import { createFakeProxyService } from './create-fake-proxy-service';
import type { FakeProxyService } from './create-fake-proxy-service';

/** One recorded log call. */
export interface LogEntry {
  level: LogLevel;
  message: string;
  fields: LogFields | undefined;
}

/** A logger that records every line, at every level. */
export interface RecordingLogger extends Logger {
  entries: LogEntry[];
}

/** Records log lines; `debug` enabled only when asked, to exercise isLevelEnabled. */
export function createRecordingLogger(debugEnabled = false): RecordingLogger {
  const entries: LogEntry[] = [];
  const record = (level: LogLevel) => (message: string, fields?: LogFields) => {
    entries.push({ level, message, fields });
  };
  return {
    entries,
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
    isLevelEnabled: (level) => level !== 'debug' || debugEnabled,
  };
}

/** A running app on 127.0.0.1:<ephemeral>. */
export interface TestApp {
  url: string;
  port: number;
  service: FakeProxyService;
  logger: RecordingLogger;
  close(): Promise<void>;
}

/** Starts `createHttpApp` over a fake service; every test closes it. */
export async function startTestApp(
  setup: { service?: FakeProxyService; options?: HttpAppOptions; version?: HttpAppDependencies['version']; logger?: RecordingLogger } = {},
): Promise<TestApp> {
  const service = setup.service ?? createFakeProxyService();
  const logger = setup.logger ?? createRecordingLogger();
  let counter = 0;
  const ids: IdGenerator = { next: (prefix) => `${prefix}${++counter}` };
  const app = createHttpApp({ service, logger, ids, version: setup.version ?? { name: 'asksage-proxy', current: '1.2.3' }, options: setup.options });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    service,
    logger,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
