import type { CliIo } from '../cli-io';
import type { ResolvedConfig } from '../config/resolved-config';
import { formatCheckTable, runConfigChecks } from './run-config-checks';

/**
 * `asksage-proxy --check`: runs the configuration check (`runConfigChecks`: each URL, each key with a free
 * authenticated call, Redis), prints one row each with what to fix, and exits 0 when everything works, 1 otherwise.
 * Nothing is billed and nothing is written.
 */
export async function runCheckCommand(config: ResolvedConfig, io: CliIo): Promise<number> {
  const rows = await runConfigChecks(config);
  io.stdout.write(formatCheckTable(rows));
  const failed = rows.filter((row) => !row.ok).length;
  io.stdout.write(failed === 0 ? '\nEverything answered; no tokens were spent.\n' : `\n${failed} check(s) failed; no tokens were spent.\n`);
  return failed === 0 ? 0 : 1;
}
