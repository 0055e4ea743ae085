import type { CliIo } from './cli-io';
import { createWinstonLogger } from '@asksage-proxy/runtime-node';
import type { ClosableLogger } from '@asksage-proxy/runtime-node';
import type { LogLevel } from '@asksage-proxy/core';
import { createRotatingFileStream } from './logging/create-rotating-file-stream';
import type { RotatingFileOptions } from './logging/create-rotating-file-stream';

/** The CLI's logger; a reload adds the new configuration's keys to what it redacts. */
export interface CliLogger extends ClosableLogger {
  /** Redacts these too from now on. */
  addSecrets(secrets: readonly string[]): void;
}

/** One logger writing every line to each of `loggers`. */
function fanOut(loggers: readonly ClosableLogger[]): ClosableLogger {
  const each = (level: LogLevel) => (message: string, fields?: Record<string, unknown>) => loggers.forEach((logger) => logger[level](message, fields));
  return {
    debug: each('debug'), info: each('info'), warn: each('warn'), error: each('error'),
    isLevelEnabled: (level) => loggers.some((logger) => logger.isLevelEnabled(level)),
    close: () => loggers.forEach((logger) => logger.close()),
  };
}

/**
 * The CLI's logger: debug when verbose, text lines on a terminal and JSON lines otherwise (journald, docker and
 * log shippers parse JSON), unless `log_format` says which. Every secret in `secrets` is redacted. With `file`, the
 * same lines also go, as JSON, to a log file rotated by size or by day (`log_file`).
 */
export function createCliLogger(options: {
  io: CliIo;
  verbose: boolean;
  logFormat: 'auto' | 'text' | 'json';
  secrets: readonly string[];
  file?: Omit<RotatingFileOptions, 'now'>;
}): CliLogger {
  const format = options.logFormat === 'auto' ? (options.io.stderr.isTTY ? 'text' : 'json') : options.logFormat;
  // Replaced, never mutated, when a reload adds keys: the redacting format rebuilds its rules when the list changes.
  let secrets: readonly string[] = [...options.secrets];
  const level = options.verbose ? 'debug' : 'info';
  const loggers = [createWinstonLogger({ level, format, secrets: () => secrets, stream: options.io.stderr })];
  if (options.file !== undefined) {
    loggers.push(createWinstonLogger({ level, format: 'json', secrets: () => secrets, stream: createRotatingFileStream(options.file) }));
  }
  const logger = loggers.length === 1 ? (loggers[0] as ClosableLogger) : fanOut(loggers);
  const addSecrets = (added: readonly string[]): void => {
    const fresh = added.filter((secret) => !secrets.includes(secret));
    if (fresh.length > 0) secrets = [...secrets, ...fresh];
  };
  return { ...logger, addSecrets };
}
