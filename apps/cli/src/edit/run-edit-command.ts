import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { CliIo } from '../cli-io';
import { ConfigError } from '../config/config-error';
import { defaultConfigPath, findConfigFile } from '../config/find-config-file';
import { readConfigFile } from '../config/read-config-file';
import { resolveConfig } from '../config/resolve-config';
import { writeConfigFile } from '../setup/write-config-file';
import { configTemplate, placeholderApiKey } from './config-template';
import { findEditor } from './find-editor';
import type { EditorCommand } from './find-editor';

function runEditor(editor: EditorCommand, file: string, io: CliIo): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(editor.command, [...editor.args, file], { stdio: 'inherit', env: io.env, shell: false });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** Checks the edited file; returns the problems (empty when it is usable). */
export function checkEditedConfig(file: string, io: Pick<CliIo, 'home' | 'cwd'>): { problems: string[]; warnings: string[]; keyCount: number } {
  try {
    const reading = readConfigFile(file);
    const config = resolveConfig({ file: { path: file, values: reading.values }, home: io.home, cwd: io.cwd, warnings: reading.warnings });
    const problems: string[] = [];
    if (config.apiKeys.length === 0) problems.push(`${file}: api_keys: no API key configured (expected at least one)`);
    config.apiKeys.forEach((entry, index) => {
      if (entry.key === placeholderApiKey) problems.push(`${file}: api_keys[${index}].key: still the template placeholder; paste your AskSage API key`);
    });
    return { problems, warnings: config.warnings, keyCount: config.apiKeys.length };
  } catch (error) {
    if (error instanceof ConfigError) return { problems: [error.message], warnings: [], keyCount: 0 };
    throw error;
  }
}

/**
 * `--edit`: opens the config in the user's editor (creating it from a template first when missing; the
 * reference crashed here, protocol doc §7.1), waits for the editor to close, then validates the file and says
 * exactly what is wrong. Exit 0 when valid, 2 when not, 1 when no editor could run.
 */
export async function runEditCommand(given: string | undefined, io: CliIo): Promise<number> {
  const location = findConfigFile({ given, home: io.home, cwd: io.cwd });
  const file = given !== undefined ? path.resolve(io.cwd, given) : (location.file ?? defaultConfigPath(io.home));
  if (!existsSync(file)) {
    await writeConfigFile(file, configTemplate);
    io.stdout.write(`Created ${file} from a template.\n`);
  }
  const editor = findEditor(io.env, io.platform);
  if (editor === undefined) {
    io.stderr.write(`asksage-proxy: no editor found. Set EDITOR (e.g. EDITOR=nano) or edit ${file} yourself.\n`);
    return 1;
  }
  try {
    const status = await runEditor(editor, file, io);
    if (status !== 0) io.stderr.write(`asksage-proxy: the editor (${editor.command}) exited with status ${status}; checking the file anyway.\n`);
  } catch (error) {
    io.stderr.write(`asksage-proxy: cannot start the editor "${editor.command}": ${(error as Error).message}. Set EDITOR to one that exists.\n`);
    return 1;
  }
  const result = checkEditedConfig(file, io);
  for (const warning of result.warnings) io.stderr.write(`warning: ${warning}\n`);
  if (result.problems.length > 0) {
    io.stderr.write(`asksage-proxy: ${file} has problems:\n  ${result.problems.join('\n  ')}\nRun "asksage-proxy --edit" again to fix them.\n`);
    return 2;
  }
  io.stdout.write(`${file} is valid (${result.keyCount} API key(s)).\n`);
  return 0;
}
