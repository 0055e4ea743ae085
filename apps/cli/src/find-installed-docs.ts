import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Where a documentation page is on this machine: the installed package carries `docs/` next to `dist/`, so messages
 * can point at a file that exists (an absolute path) rather than at a repository the user may not have.
 */
export function findInstalledDoc(page: string): string {
  for (const candidate of [path.resolve(__dirname, '../docs', page), path.resolve(__dirname, '../../../docs', page)]) {
    if (existsSync(candidate)) return candidate;
  }
  return `docs/${page}`;
}
