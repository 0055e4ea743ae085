import type { CliIo } from './cli-io';
import { createWinstonLogger } from '@asksage-proxy/runtime-node';
import type { ClosableLogger } from '@asksage-proxy/runtime-node';

/**
 * The CLI's logger: debug when verbose, text lines on a terminal and JSON lines otherwise (journald, docker and
 * log shippers parse JSON), unless `log_format` says which. Every secret in `secrets` is redacted.
 */
export function createCliLogger(options: { io: CliIo; verbose: boolean; logFormat: 'auto' | 'text' | 'json'; secrets: readonly string[] }): ClosableLogger {
  const format = options.logFormat === 'auto' ? (options.io.stderr.isTTY ? 'text' : 'json') : options.logFormat;
  const secrets = [...options.secrets];
  return createWinstonLogger({ level: options.verbose ? 'debug' : 'info', format, secrets: () => secrets, stream: options.io.stderr });
}
