import { placeholderApiKey } from '../edit/config-template';
import { ConfigError } from './config-error';
import type { ResolvedConfig } from './resolved-config';

/** Keys that are documentation, not credentials: the --edit template's and the README's examples. */
const exampleKeys = new Set([placeholderApiKey, 'your-primary-api-key', 'your-backup-api-key', 'your-asksage-api-key', 'your-api-key']);

/**
 * Refuses to serve with a key that is still a placeholder, as `--edit` already does: started anyway, the first
 * request got a 401 and every later one a 503 for six hours, and nothing said "fix the key".
 */
export function assertRealApiKeys(config: ResolvedConfig): void {
  const fakes = config.apiKeys.filter((entry) => exampleKeys.has(entry.key.trim()));
  if (fakes.length === 0) return;
  const where = config.file ?? 'ASKSAGE_PROXY_API_KEYS';
  throw new ConfigError(
    `${where}: ${fakes.map((entry) => `the key named "${entry.name}"`).join(', ')} ${fakes.length === 1 ? 'is' : 'are'} still an example value; paste your AskSage API key (asksage-proxy --edit opens the file).`,
  );
}
