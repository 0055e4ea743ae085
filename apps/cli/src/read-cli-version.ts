import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The CLI's version, without touching the network: the bundle has it baked in at build time; from sources it is
 * read from apps/cli/package.json.
 */
export function readCliVersion(): string {
  const bundled = process.env.ASKSAGE_PROXY_BUNDLED_VERSION;
  if (bundled) return bundled;
  for (const candidate of [path.join(__dirname, '..', 'package.json'), path.join(__dirname, '..', '..', 'package.json')]) {
    try {
      const manifest = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'asksage-proxy' && manifest.version) return manifest.version;
    } catch {
      // try the next candidate
    }
  }
  return '0.0.0-development';
}
