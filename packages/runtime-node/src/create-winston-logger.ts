import { createLogger, format, transports } from 'winston';
import type { Logger, LogFields, LogLevel } from '@asksage-proxy/core';
import { redactLogSecrets } from './redact-log-secrets';

/** Options of `createWinstonLogger`. */
export interface WinstonLoggerOptions {
  /** `debug` when verbose, else `info`. */
  level: LogLevel;
  /** `text`: one human line per event (a terminal); `json`: one JSON object per line (journald, docker, log shippers). */
  format: 'text' | 'json';
  /** Every configured secret (API keys, inbound proxy keys); read on each line so late additions count. */
  secrets: () => readonly string[];
  /** Where lines go; stderr, so stdout stays for the banner and `--show`. */
  stream: NodeJS.WritableStream;
}

/** The core `Logger` port plus a way to flush and detach at shutdown. */
export interface ClosableLogger extends Logger {
  /** Detach the transport so the process can exit. */
  close(): void;
}

// Line breaks and terminal escapes in client-supplied text (a model name, a path) would let a request forge log
// lines or recolour the operator's terminal: text lines show such strings JSON-escaped.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controlCharacters = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

function renderText(value: string): string {
  return controlCharacters.test(value) ? JSON.stringify(value) : value;
}

function renderFields(fields: Record<string, unknown>): string {
  const parts = Object.entries(fields).map(([name, value]) => `${renderText(name)}=${typeof value === 'string' ? renderText(value) : JSON.stringify(value)}`);
  return parts.length > 0 ? ` ${parts.join(' ')}` : '';
}

const textLine = format.printf((info) => {
  const { level, message, timestamp, ...fields } = info as Record<string, unknown>;
  return `${String(timestamp)} ${String(level).toUpperCase().padEnd(5)} ${renderText(String(message))}${renderFields(fields)}`;
});

/**
 * Adapts winston to core's `Logger` port. API keys are redacted from every line by `redactLogSecrets`, which runs
 * before rendering in both formats.
 */
export function createWinstonLogger(options: WinstonLoggerOptions): ClosableLogger {
  const transport = new transports.Stream({ stream: options.stream });
  const winston = createLogger({
    level: options.level,
    format: format.combine(
      redactLogSecrets(options.secrets),
      format.timestamp(),
      options.format === 'json' ? format.json() : textLine,
    ),
    transports: [transport],
  });
  const write = (level: LogLevel, message: string, fields?: LogFields): void => {
    // winston runs every format (redaction, timestamp) before its transport drops a line below the level:
    // check first, so disabled debug lines on the hot path cost nothing.
    if (!winston.isLevelEnabled(level)) return;
    winston.log({ ...(fields ?? {}), level, message });
  };
  return {
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
    isLevelEnabled: (level) => winston.isLevelEnabled(level),
    close: () => {
      winston.remove(transport);
    },
  };
}
