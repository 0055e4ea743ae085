import { createAskSageUpstreamClient, probeAskSageEndpoint } from '@asksage-proxy/adapter-asksage';
import { maskRedisUrl, pingRedis } from '@asksage-proxy/adapter-redis';
import { checkApiKey } from '@asksage-proxy/core';
import { readCertificate } from '../config/read-certificate';
import type { ResolvedConfig } from '../config/resolved-config';

/** One line of the check table. */
export interface CheckRow {
  /** What was checked: a URL, a key by name, Redis (its URL masked). */
  subject: string;
  ok: boolean;
  /** What happened, and what to fix when it failed. */
  detail: string;
}

/** What the checks read of the configuration. */
export type CheckedConfig = Pick<ResolvedConfig, 'serverBaseUrl' | 'userBaseUrl' | 'certPath' | 'sources' | 'connectTimeoutSeconds' | 'apiKeys' | 'redisUrl'>;

/** Options of `runConfigChecks`. */
export interface ConfigCheckOptions {
  /** Timeout of each URL probe and key call; default the connect timeout, at most 10 s. */
  timeoutMs?: number;
}

type Upstream = ReturnType<typeof createAskSageUpstreamClient>;

/** A key's row: the same free authenticated call the proxy rechecks invalid keys with (`checkApiKey`). */
async function checkKey(upstream: Upstream, name: string, key: string): Promise<CheckRow> {
  const subject = `key "${name}"`;
  const result = await checkApiKey(upstream, key);
  if (result.verdict === 'valid') return { subject, ok: true, detail: `accepted (${result.monthlyTokens} AskSage tokens used this month)` };
  if (result.verdict === 'invalid') {
    return { subject, ok: false, detail: `${result.error.message} Fix this key in the config (asksage-proxy --edit), then restart or reload.` };
  }
  return { subject, ok: false, detail: `not checked: ${result.error.message}` };
}

/**
 * The one check of a configuration, shared by `--check`, the setup dialog and `--edit`: each AskSage URL (name
 * resolution, connection, TLS with `cert_path`, the path), each key (`count-monthly-tokens`, authenticated and
 * free), and Redis when `redis_url` is set (a PING). Nothing is billed, nothing is written, keys appear only by name.
 * Throws only a `ConfigError` for an unreadable `cert_path`.
 */
export async function runConfigChecks(config: CheckedConfig, options: ConfigCheckOptions = {}): Promise<CheckRow[]> {
  const caCertificate = readCertificate(config);
  const timeoutMs = options.timeoutMs ?? Math.min(config.connectTimeoutSeconds * 1000, 10_000);
  const probeOptions = { timeoutMs, ...(caCertificate === undefined ? {} : { caCertificate }) };
  const rows: CheckRow[] = [];
  const endpoints = [
    { url: `${config.serverBaseUrl}/get-models`, setting: 'asksage_server_base_url' },
    { url: `${config.userBaseUrl}/get-token-with-api-key`, setting: 'asksage_user_base_url' },
  ];
  for (const { url, setting } of endpoints) {
    const probe = await probeAskSageEndpoint(url, { ...probeOptions, setting });
    const hint = probe.verdict === 'wrong-endpoint' ? `; check ${setting}.` : '';
    rows.push({ subject: url, ok: probe.verdict === 'ok', detail: `${probe.detail}${hint}` });
  }
  const upstream = createAskSageUpstreamClient({
    serverBaseUrl: config.serverBaseUrl,
    connectTimeoutMs: timeoutMs,
    timeoutMs: Math.max(timeoutMs, 30_000),
    ...(caCertificate === undefined ? {} : { caCertificate }),
  });
  try {
    for (const entry of config.apiKeys) rows.push(await checkKey(upstream, entry.name, entry.key));
  } finally {
    upstream.close();
  }
  if (config.redisUrl !== undefined) {
    const ping = await pingRedis(config.redisUrl, timeoutMs, caCertificate);
    rows.push({ subject: maskRedisUrl(config.redisUrl), ok: ping.ok, detail: ping.detail });
  }
  return rows;
}

/** The rows as the aligned table `--check`, setup and `--edit` print, one `ok`/`FAIL` line each. */
export function formatCheckTable(rows: readonly CheckRow[], indent = ''): string {
  const width = Math.max(0, ...rows.map((row) => row.subject.length));
  return rows.map((row) => `${indent}${row.ok ? 'ok  ' : 'FAIL'}  ${row.subject.padEnd(width)}  ${row.detail}\n`).join('');
}
