/** The user pressed Ctrl-C (or Esc) during first-time setup: nothing is written and the CLI exits 130. */
export class SetupCancelledError extends Error {
  /** The shell convention for "terminated by Ctrl-C". */
  readonly exitCode = 130;

  constructor() {
    super('Setup cancelled; no configuration was written.');
    this.name = 'SetupCancelledError';
  }
}
