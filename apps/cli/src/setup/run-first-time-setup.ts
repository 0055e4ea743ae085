import { dump } from 'js-yaml';
import type { CliIo } from '../cli-io';
import type { ConfigFileValues } from '../config/config-file-values';
import { reportConfigCheck } from '../check/report-config-check';
import { defaultConfigPath } from '../config/find-config-file';
import { readConfigFile } from '../config/read-config-file';
import { resolveConfig } from '../config/resolve-config';
import { maskSecret } from '../config/mask-secret';
import { askSetupQuestions } from './ask-setup-questions';
import { findFreePort, isPortFree } from './find-free-port';
import { defaultPort } from '../config/config-defaults';
import { renderConfigFile, writeConfigFile } from './write-config-file';

/** Options of `runFirstTimeSetup`. */
export interface FirstTimeSetupOptions {
  /** Process streams and home. */
  io: CliIo;
  /** AskSage roots to write and to check (defaults, or what the environment says). */
  serverBaseUrl: string;
  userBaseUrl: string;
  /** Timeout of each URL probe and key call of the check after writing. */
  connectivityTimeoutMs?: number;
  /** Ask which tenant (when the URLs are only defaults; the environment's URLs are used as given). */
  askTenant?: boolean;
}

/**
 * First-time setup, like the reference's: asks the questions, shows the result with keys masked, writes
 * `~/.config/asksage_proxy/config.yaml` (0600 in a 0700 folder, atomically), then runs the `--check` check on it
 * (each URL, each key with a free call; a failure is reported with what to fix, and the file stays). Returns the
 * file written. Throws `SetupCancelledError` on Ctrl-C, before anything is written.
 */
export async function runFirstTimeSetup(options: FirstTimeSetupOptions): Promise<string> {
  const { io } = options;
  const out = (line: string): void => {
    io.stdout.write(`${line}\n`);
  };
  out('No valid configuration found.\nCreating new configuration...\n');
  // The documented port (README and docs examples use it) when it is free, so copied examples work; else any free one.
  const suggestedPort = (await isPortFree(defaultPort)) ? defaultPort : await findFreePort();
  const answers = await askSetupQuestions(suggestedPort, { stdin: io.stdin, stdout: io.stdout, home: io.home, cwd: io.cwd, out }, { askTenant: options.askTenant === true });
  const urls = answers.tenant ?? { serverBaseUrl: options.serverBaseUrl, userBaseUrl: options.userBaseUrl };
  const values: ConfigFileValues = {
    host: '127.0.0.1',
    port: answers.port,
    verbose: answers.verbose,
    api_keys: answers.apiKeys.map((entry) => ({ key: entry.key, weight: entry.weight, name: entry.name })),
    asksage_server_base_url: urls.serverBaseUrl,
    asksage_user_base_url: urls.userBaseUrl,
    ...(answers.certPath === undefined ? {} : { cert_path: answers.certPath }),
    timeout_seconds: 600,
  };
  const shown = { ...values, api_keys: answers.apiKeys.map((entry) => ({ key: maskSecret(entry.key), weight: entry.weight, name: entry.name })) };
  out(`\nGenerated configuration:\n${dump(shown, { lineWidth: 200 }).replace(/^/gm, '  ')}`);
  const file = defaultConfigPath(io.home);
  await writeConfigFile(file, renderConfigFile(values));
  out(`Created new configuration at: ${file}`);
  // The same check as --check, on the file as written (so what it says is what the proxy will use).
  const written = resolveConfig({ file: { path: file, values: readConfigFile(file).values }, home: io.home, cwd: io.cwd });
  await reportConfigCheck(written, file, (text) => io.stdout.write(text), options.connectivityTimeoutMs === undefined ? {} : { timeoutMs: options.connectivityTimeoutMs });
  const names = answers.apiKeys.map((entry) => entry.name).join(', ');
  out(answers.apiKeys.length === 1 ? `Configured 1 API key (${names}).` : `Configured ${answers.apiKeys.length} API keys (${names}), balanced by weight with failover.`);
  out('Next: asksage-proxy --refresh-available-models checks which models your keys may use (costs a few tokens).\n');
  return file;
}
