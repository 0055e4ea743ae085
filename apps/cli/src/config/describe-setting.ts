import type { ConfigKey } from './config-file-values';
import type { ResolvedConfig } from './resolved-config';

/**
 * Names a setting where the user wrote it, for error messages: `cert_path (in /home/me/config.yaml)` or
 * `ASKSAGE_PROXY_CERT_PATH` (the environment variable), so the fix is one look away.
 */
export function describeSetting(config: Pick<ResolvedConfig, 'sources'>, key: ConfigKey): string {
  const source = config.sources[key];
  if (source?.origin === 'file' && source.detail) return `${key} (in ${source.detail})`;
  if (source?.origin === 'env' && source.detail) return `${source.detail} (${key})`;
  if (source?.origin === 'flag' && source.detail) return source.detail;
  return key;
}
