import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { CliIo } from '../cli-io';
import { defaultConfigPath, findConfigFile } from '../config/find-config-file';
import { writeConfigFile } from '../setup/write-config-file';
import { reportConfigCheck } from '../check/report-config-check';
import { checkEditedConfig } from './check-edited-config';
import { configTemplate } from './config-template';
import { findEditor } from './find-editor';
import type { EditorCommand } from './find-editor';

function runEditor(editor: EditorCommand, file: string, io: CliIo): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(editor.command, [...editor.args, file], { stdio: 'inherit', env: io.env, shell: false });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/**
 * `--edit`: opens the config in the user's editor (creating it from a template first when missing; the
 * reference crashed here, protocol doc §7.1), waits for the editor to close, then runs the checks startup runs
 * and says exactly what is wrong; a valid file then gets the `--check` check (each URL, each key with a free call).
 * Exit 0 when valid and every check passed, 2 when invalid (or when stdin is not a terminal, so no interactive
 * editor can run), 1 when the editor could not run or exited with a failure, or a check failed (the file is kept).
 */
export async function runEditCommand(given: string | undefined, io: CliIo): Promise<number> {
  if (!io.stdin.isTTY) {
    // A terminal editor started from CI, a pipe or a service would hang or scribble over the output.
    io.stderr.write('asksage-proxy: --edit opens an interactive editor, but stdin is not a terminal. Run it in a terminal, or edit the config file with any editor (see "asksage-proxy --show" for which one is used).\n');
    return 2;
  }
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
    if (status !== 0) {
      io.stderr.write(`asksage-proxy: the editor (${editor.command}) exited with status ${status}, so the edit may not have been saved; the file was not checked. Run "asksage-proxy --edit" again.\n`);
      return 1;
    }
  } catch (error) {
    io.stderr.write(`asksage-proxy: cannot start the editor "${editor.command}": ${(error as Error).message}. Set EDITOR to one that exists.\n`);
    return 1;
  }
  const result = await checkEditedConfig(file, io);
  for (const warning of result.warnings) io.stderr.write(`warning: ${warning}\n`);
  if (result.problems.length > 0) {
    io.stderr.write(`asksage-proxy: ${file} has problems:\n  ${result.problems.join('\n  ')}\nRun "asksage-proxy --edit" again to fix them.\n`);
    return 2;
  }
  io.stdout.write(`${file} is valid (${result.keyCount} API key(s)).\n`);
  if (result.config === undefined) return 0;
  // Valid is not working: the same check as --check (URLs, every key with a free call), the file left as saved.
  const failed = await reportConfigCheck(result.config, file, (text) => io.stdout.write(text));
  return failed === 0 ? 0 : 1;
}
