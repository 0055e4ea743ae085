/** Log levels, most verbose first. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Structured fields attached to a log line. Never put an API key here: only its name. */
export type LogFields = Record<string, unknown>;

/** The logging port. Adapters implement it (winston in the CLI); core only calls it. */
export interface Logger {
  /** Detailed diagnostics; bodies only here, with keys redacted. */
  debug(message: string, fields?: LogFields): void;
  /** Normal operational events. */
  info(message: string, fields?: LogFields): void;
  /** Something degraded that the operator should know about. */
  warn(message: string, fields?: LogFields): void;
  /** A failure. */
  error(message: string, fields?: LogFields): void;
  /** Cheap check before building expensive fields. */
  isLevelEnabled(level: LogLevel): boolean;
}

/** A logger that drops everything; the default for library users. */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  isLevelEnabled: () => false,
};
