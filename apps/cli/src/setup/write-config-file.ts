import { findInstalledDoc } from '../find-installed-docs';
import { chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { dump } from 'js-yaml';
import type { ConfigFileValues } from '../config/config-file-values';
import { writeFileAtomically } from '../models/index';

const header = `# asksage-proxy configuration (every key: ${findInstalledDoc('configuration.md')}).
# This file holds API keys: keep it private (mode 600).
`;

/** config.yaml text for `values`, with a short header. */
export function renderConfigFile(values: ConfigFileValues): string {
  return `${header}${dump(values, { lineWidth: 200, quotingType: '"' })}`;
}

/**
 * Writes config.yaml so it is never half-written (temp file + rename) and only its owner can read it: mode 0600,
 * because it holds API keys. A folder the proxy creates for it is created 0700 (tightened past the umask). An
 * existing folder is never touched: `--edit ~/asksage.yaml` must not make the home folder 0700.
 */
export async function writeConfigFile(file: string, text: string): Promise<void> {
  const directory = path.dirname(file);
  // mkdir returns the first folder it created, undefined when the folder already existed.
  const created = await mkdir(directory, { recursive: true, mode: 0o700 });
  if (created !== undefined) {
    let folder = directory;
    for (;;) {
      await chmod(folder, 0o700);
      if (path.resolve(folder) === path.resolve(created) || path.dirname(folder) === folder) break;
      folder = path.dirname(folder);
    }
  }
  await writeFileAtomically(file, text);
  await chmod(file, 0o600);
}
