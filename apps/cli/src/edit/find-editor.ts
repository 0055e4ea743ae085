import { existsSync } from 'node:fs';
import path from 'node:path';

/** A program and its leading arguments (`EDITOR="code --wait"` has one). */
export interface EditorCommand {
  command: string;
  args: string[];
}

function onPath(name: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | undefined {
  const separator = platform === 'win32' ? ';' : ':';
  for (const folder of (env.PATH ?? '').split(separator)) {
    if (folder === '') continue;
    const candidate = path.join(folder, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * The editor to open: `$VISUAL`, then `$EDITOR` (both may carry arguments), then nano, vi or vim from PATH, and
 * notepad on Windows. Undefined when none is found.
 */
export function findEditor(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): EditorCommand | undefined {
  for (const variable of [env.VISUAL, env.EDITOR]) {
    const parts = (variable ?? '').trim().split(/\s+/).filter((part) => part.length > 0);
    if (parts.length > 0) return { command: parts[0] as string, args: parts.slice(1) };
  }
  if (platform === 'win32') return { command: 'notepad', args: [] };
  for (const name of ['nano', 'vi', 'vim']) {
    const found = onPath(name, env, platform);
    if (found) return { command: found, args: [] };
  }
  return undefined;
}
