import type { CheckedConfig, ConfigCheckOptions } from './run-config-checks';
import { formatCheckTable, runConfigChecks } from './run-config-checks';

/**
 * After setup wrote the config or `--edit` saved a valid one: runs the same check as `--check` and prints its table,
 * then what to do about failures. The file is never touched: a failed check (a VPN not up yet, a key typed wrong)
 * keeps the configuration as written and says how to check again. Returns the number of failed rows.
 */
export async function reportConfigCheck(config: CheckedConfig, file: string, out: (text: string) => void, options: ConfigCheckOptions = {}): Promise<number> {
  out('\nChecking the URLs and every key (free calls: no tokens are spent)...\n');
  let rows;
  try {
    rows = await runConfigChecks(config, options);
  } catch (error) {
    // An unreadable cert_path: nothing can be checked, but the file is kept all the same.
    out(`  FAIL  ${(error as Error).message}\nThe configuration is kept as saved in ${file}; fix it (asksage-proxy --edit), then run "asksage-proxy --check".\n`);
    return 1;
  }
  out(formatCheckTable(rows, '  '));
  const failed = rows.filter((row) => !row.ok).length;
  if (failed === 0) {
    out('Everything answered.\n');
    return 0;
  }
  out(
    `${failed} check(s) failed; the configuration is kept as saved in ${file}.\n` +
      'Fix what the FAIL lines say (asksage-proxy --edit; for a URL also your network, VPN or cert_path), ' +
      'then run "asksage-proxy --check" to check again.\n',
  );
  return failed;
}
