/** Reports progress of a fixed number of steps. */
export interface ProgressReporter {
  /** One step finished; `label` says which (no secrets). */
  tick(label: string): void;
  /** All steps finished: ends the progress line on a TTY. */
  done(): void;
}

/** Options of `createProgressReporter`. */
export interface ProgressReporterOptions {
  /** Where to write. */
  out: NodeJS.WritableStream;
  /** On a TTY one line is redrawn with `\r`; elsewhere (logs, CI) one plain line per step. */
  isTTY: boolean;
  /** Number of steps. */
  total: number;
  /** Width of the bar in characters. Default 30. */
  width?: number;
}

/** A tiny progress bar: enough for a validation run without another dependency. */
export function createProgressReporter(options: ProgressReporterOptions): ProgressReporter {
  const width = options.width ?? 30;
  let completed = 0;
  let drawn = false;
  return {
    tick(label: string): void {
      completed += 1;
      const counter = `${completed}/${options.total}`;
      if (!options.isTTY) {
        options.out.write(`[${counter}] ${label}\n`);
        return;
      }
      const filled = options.total === 0 ? width : Math.round((completed / options.total) * width);
      // Clear to the end of the line (ESC[K) so a shorter label leaves no debris from the previous one.
      options.out.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${counter} ${label}\u001b[K`);
      drawn = true;
    },
    done(): void {
      if (drawn) options.out.write('\n');
      drawn = false;
    },
  };
}
