import { EOL } from 'node:os';
import { format } from 'winston';
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

/** winston's npm levels, for the four core uses: a line is written when its rank is at most the configured one's. */
const levelRank: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 5 };
/** Where logform formats leave the finished line (winston's `MESSAGE`). */
const formattedLine = Symbol.for('message');

/**
 * Adapts winston's formats to core's `Logger` port. API keys are redacted from every line by `redactLogSecrets`,
 * which runs before rendering in both formats.
 *
 * Lines are rendered by the same logform chain winston's logger runs (redaction, timestamp, JSON or text) and
 * written to the stream exactly as winston's Stream transport writes them (`line + os.EOL`), but without winston's
 * Logger: it is an object-mode Transform stream piped into the transport, and that stream machinery cost more per
 * request than the rendering itself (issue 9: ~4 % of the proxy's CPU for one access-log line per request).
 */
export function createWinstonLogger(options: WinstonLoggerOptions): ClosableLogger {
  const lineFormat = format.combine(
    redactLogSecrets(options.secrets),
    format.timestamp(),
    options.format === 'json' ? format.json() : textLine,
  );
  const threshold = levelRank[options.level];
  let stream: NodeJS.WritableStream | undefined = options.stream;
  const isLevelEnabled = (level: LogLevel): boolean => levelRank[level] <= threshold;
  const write = (level: LogLevel, message: string, fields?: LogFields): void => {
    // Disabled lines (debug on the hot path) cost nothing: no copy, no redaction, no rendering.
    if (stream === undefined || !isLevelEnabled(level)) return;
    const info = lineFormat.transform({ ...(fields ?? {}), level, message });
    if (info === false) return;
    stream.write(`${String((info as Record<symbol, unknown>)[formattedLine])}${EOL}`);
  };
  return {
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
    isLevelEnabled,
    close: () => {
      // Detached: later lines are dropped, and the stream is left to its owner.
      stream = undefined;
    },
  };
}
