import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LogFields, Logger, LogLevel } from '@asksage-proxy/core';
import { createSequenceIds, fixedClock } from '@asksage-proxy/core/testing';
import { createHttpApp } from '../create-http-app';
import type { HttpAppDependencies, HttpAppOptions } from '../http-app-dependencies';
import type { RouteSpec } from '../route-spec';
import { createFakeGateway } from './create-fake-gateway';
import type { FakeGateway } from './create-fake-gateway';

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
  gateway: FakeGateway;
  logger: RecordingLogger;
  close(): Promise<void>;
}

/** What a test may set up; everything else is a default (fake gateway, sequence ids, fixed clock). */
export interface TestAppSetup {
  gateway?: FakeGateway;
  options?: HttpAppOptions;
  version?: HttpAppDependencies['version'];
  logger?: RecordingLogger;
  routes?: readonly RouteSpec[];
  operations?: HttpAppDependencies['operations'];
}

/** Starts `createHttpApp` over a fake gateway; every test closes it. Ids count per prefix: `req_1`, `chatcmpl-1`. */
export async function startTestApp(setup: TestAppSetup = {}): Promise<TestApp> {
  const gateway = setup.gateway ?? createFakeGateway();
  const logger = setup.logger ?? createRecordingLogger();
  const ids = createSequenceIds();
  const app = createHttpApp({
    gateway,
    services: { ids, clock: fixedClock },
    logger,
    ids,
    version: setup.version ?? { name: 'asksage-proxy', current: '1.2.3' },
    routes: setup.routes,
    options: setup.options,
    ...(setup.operations === undefined ? {} : { operations: setup.operations }),
  });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    gateway,
    logger,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
