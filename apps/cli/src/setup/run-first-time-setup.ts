import { readFileSync } from 'node:fs';
import { dump } from 'js-yaml';
import type { CliIo } from '../cli-io';
import type { ConfigFileValues } from '../config/config-file-values';
import { defaultConfigPath } from '../config/find-config-file';
import { maskSecret } from '../config/mask-secret';
import { askSetupQuestions } from './ask-setup-questions';
import { checkConnectivity } from './check-connectivity';
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
  /** Timeout of each connectivity check. */
  connectivityTimeoutMs?: number;
  /** Ask which tenant (when the URLs are only defaults; the environment's URLs are used as given). */
  askTenant?: boolean;
}

async function reportConnectivity(options: FirstTimeSetupOptions, certPath: string | undefined, out: (line: string) => void): Promise<void> {
  const caCertificate = certPath === undefined ? undefined : readFileSync(certPath, 'utf8');
  out('\nChecking connectivity (no key is sent, no tokens are spent)...');
  const checks = await Promise.all([
    checkConnectivity(`${options.serverBaseUrl}/get-models`, { caCertificate, timeoutMs: options.connectivityTimeoutMs }),
    checkConnectivity(`${options.userBaseUrl}/get-token-with-api-key`, { caCertificate, timeoutMs: options.connectivityTimeoutMs }),
  ]);
  const labels = { ok: 'ok  ', 'wrong-endpoint': 'URL?', failed: 'FAIL' } as const;
  for (const check of checks) {
    out(`  ${labels[check.verdict]} ${check.url} (${check.detail})`);
  }
  if (checks.some((check) => check.verdict === 'wrong-endpoint')) {
    out('  Something answered, but not AskSage: check asksage_server_base_url and asksage_user_base_url in the config.');
  }
  if (checks.some((check) => check.verdict !== 'ok')) {
    out('  Not fatal: the configuration is still saved. Check your network, VPN, the URLs and the certificate (cert_path).');
  }
}

/**
 * First-time setup, like the reference's: asks the questions, checks the AskSage URLs are reachable (a failure is
 * reported, not fatal), shows the result with keys masked, and writes `~/.config/asksage_proxy/config.yaml`
 * (0600 in a 0700 folder, atomically). Returns the file written. Throws `SetupCancelledError` on Ctrl-C, before
 * anything is written.
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
  await reportConnectivity({ ...options, ...urls }, answers.certPath, out);
  const shown = { ...values, api_keys: answers.apiKeys.map((entry) => ({ key: maskSecret(entry.key), weight: entry.weight, name: entry.name })) };
  out(`\nGenerated configuration:\n${dump(shown, { lineWidth: 200 }).replace(/^/gm, '  ')}`);
  const file = defaultConfigPath(io.home);
  await writeConfigFile(file, renderConfigFile(values));
  out(`Created new configuration at: ${file}`);
  const names = answers.apiKeys.map((entry) => entry.name).join(', ');
  out(answers.apiKeys.length === 1 ? `Configured 1 API key (${names}).` : `Configured ${answers.apiKeys.length} API keys (${names}), balanced by weight with failover.`);
  out('Next: asksage-proxy --refresh-available-models checks which models your keys may use (costs a few tokens).\n');
  return file;
}
