import { createAskSageUpstreamClient, probeAskSageEndpoint } from '@asksage-proxy/adapter-asksage';
import { isProxyError, parseGetModelsIds } from '@asksage-proxy/core';
import type { CliIo } from '../cli-io';
import { readCertificate } from '../config/read-certificate';
import type { ResolvedConfig } from '../config/resolved-config';

/** One line of the `--check` table. */
export interface CheckRow {
  /** What was checked: a URL, or a key by name. */
  subject: string;
  ok: boolean;
  /** What happened, and what to fix when it failed. */
  detail: string;
}

/** A key's check: `get-models` with the key is authenticated and costs no tokens (protocol notes: get-models). */
async function checkKey(upstream: ReturnType<typeof createAskSageUpstreamClient>, name: string, key: string): Promise<CheckRow> {
  try {
    const body = await upstream.getModels({ apiKey: key });
    const models = parseGetModelsIds(body);
    return { subject: `key "${name}"`, ok: true, detail: `accepted; ${models.length} models listed for it` };
  } catch (error) {
    const message = isProxyError(error) ? error.message : (error as Error).message;
    const fix = isProxyError(error) && error.code === 'upstream_authentication' ? ' Fix this key in the config (asksage-proxy --edit), then restart or reload.' : '';
    return { subject: `key "${name}"`, ok: false, detail: `${message}${fix}` };
  }
}

/**
 * `asksage-proxy --check`: tests each AskSage URL (name resolution, connection, TLS with cert_path, the path) and
 * each key (an authenticated get-models call, which costs no tokens), prints one row each with what to fix, and exits
 * 0 when everything works, 1 otherwise. Nothing is billed and nothing is written.
 */
export async function runCheckCommand(config: ResolvedConfig, io: CliIo): Promise<number> {
  const caCertificate = readCertificate(config);
  const probeOptions = { timeoutMs: Math.min(config.connectTimeoutSeconds * 1000, 10_000), ...(caCertificate === undefined ? {} : { caCertificate }) };
  const rows: CheckRow[] = [];
  for (const url of [`${config.serverBaseUrl}/get-models`, `${config.userBaseUrl}/get-token-with-api-key`]) {
    const probe = await probeAskSageEndpoint(url, probeOptions);
    const hint = probe.verdict === 'wrong-endpoint' ? ' Check asksage_server_base_url / asksage_user_base_url.' : '';
    rows.push({ subject: url, ok: probe.verdict === 'ok', detail: `${probe.detail}${hint}` });
  }
  const upstream = createAskSageUpstreamClient({
    serverBaseUrl: config.serverBaseUrl,
    connectTimeoutMs: config.connectTimeoutSeconds * 1000,
    timeoutMs: 30_000,
    ...(caCertificate === undefined ? {} : { caCertificate }),
  });
  try {
    for (const entry of config.apiKeys) rows.push(await checkKey(upstream, entry.name, entry.key));
  } finally {
    upstream.close();
  }
  const width = Math.max(...rows.map((row) => row.subject.length));
  for (const row of rows) io.stdout.write(`${row.ok ? 'ok  ' : 'FAIL'}  ${row.subject.padEnd(width)}  ${row.detail}\n`);
  const failed = rows.filter((row) => !row.ok).length;
  io.stdout.write(failed === 0 ? '\nEverything answered; no tokens were spent.\n' : `\n${failed} check(s) failed; no tokens were spent.\n`);
  return failed === 0 ? 0 : 1;
}
