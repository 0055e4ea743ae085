/**
 * A configuration problem a human must fix: the message already names the file (or variable), the key path, what
 * was expected and what was found. The CLI prints it without a stack trace and exits 2.
 */
export class ConfigError extends Error {
  /** Exit status for configuration problems. */
  readonly exitCode = 2;

  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}
