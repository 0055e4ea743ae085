import type { LogFields, Logger, LogLevel } from '../ports/logger';

/** One call a `RecordingLogger` received. */
export interface RecordedLogCall {
  level: LogLevel;
  message: string;
  fields?: LogFields;
}

/** A `Logger` that keeps every call, so tests can assert what was logged (and that no secret was). */
export interface RecordingLogger {
  logger: Logger;
  calls: RecordedLogCall[];
}

/** Creates a logger that records every call at every level. */
export function createRecordingLogger(): RecordingLogger {
  const calls: RecordedLogCall[] = [];
  const record = (level: LogLevel) => (message: string, fields?: LogFields) => {
    calls.push({ level, message, fields });
  };
  const logger: Logger = {
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
    isLevelEnabled: () => true,
  };
  return { logger, calls };
}
