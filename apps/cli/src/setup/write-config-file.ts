import { chmod } from 'node:fs/promises';
import path from 'node:path';
import { dump } from 'js-yaml';
import type { ConfigFileValues } from '../config/config-file-values';
import { writeFileAtomically } from '../models/index';

const header = `# asksage-proxy configuration (see docs/configuration.md for every key).
# This file holds API keys: keep it private (mode 600).
`;

/** config.yaml text for `values`, with a short header. */
export function renderConfigFile(values: ConfigFileValues): string {
  return `${header}${dump(values, { lineWidth: 200, quotingType: '"' })}`;
}

/**
 * Writes config.yaml so it is never half-written (temp file + rename) and only its owner can read it: mode 0600
 * in a 0700 folder, because it holds API keys. The folder is tightened even when it already existed.
 */
export async function writeConfigFile(file: string, text: string): Promise<void> {
  await writeFileAtomically(file, text);
  await chmod(path.dirname(file), 0o700);
  await chmod(file, 0o600);
}
