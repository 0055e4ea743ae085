/**
 * `--edit` (which crashed in the reference, protocol doc §7.1): opens $EDITOR, then validates what the user saved.
 * The "editor" here is a small script that rewrites the file as a user would; stdin pretends to be a terminal.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startAskSageSimulator, type RunningSimulator } from '@asksage-proxy/asksage-simulator';
import { main } from '../src/run-cli';
import { createMemoryIo } from '../src/testing/create-memory-io';

const realKey = 'k'.repeat(48) + 'EDITEDKEY0000000';
const revokedKey = 'r'.repeat(48) + 'REVOKEDKEY000000';
let home: string;
let simulator: RunningSimulator;
/** The simulator's URLs as config lines: a valid file is then checked against a real AskSage look-alike. */
let urls: string;

beforeAll(async () => {
  simulator = await startAskSageSimulator({ keys: [{ key: realKey }, { key: revokedKey, invalid: true }] });
  urls = `asksage_server_base_url: ${simulator.serverBaseUrl}\nasksage_user_base_url: ${simulator.userBaseUrl}\n`;
});
afterAll(() => simulator.close());

beforeEach(() => {
  home = mkdtempSync(path.join(tmpdir(), 'cli-edit-'));
});

afterEach(() => {
  rmSync(home, { recursive: true, force: true });
});

/** An editor script that replaces the edited file's content with `yaml`. */
function editorWriting(yaml: string): string {
  const content = path.join(home, 'editor-content.yaml');
  writeFileSync(content, yaml);
  const script = path.join(home, 'fake-editor.sh');
  writeFileSync(script, `#!/bin/sh\ncp "${content}" "$1"\n`);
  chmodSync(script, 0o755);
  return script;
}

const configFile = () => path.join(home, '.config', 'asksage_proxy', 'config.yaml');

it('creates the config from a template when missing, opens the editor, and accepts a valid result', async () => {
  const io = createMemoryIo({ home, tty: true, env: { EDITOR: editorWriting(`api_keys:\n  - key: ${realKey}\n    name: mine\n${urls}`) } });
  expect(await main(['--edit'], io)).toBe(0);
  expect(io.stdoutText()).toContain(`Created ${configFile()} from a template`);
  expect(io.stdoutText()).toContain('is valid (1 API key(s))');
  // Then the --check check on the saved file: each URL and the key, with free calls.
  expect(io.stdoutText()).toMatch(/ok +\S+\/server\/get-models/);
  expect(io.stdoutText()).toMatch(/ok +key "mine" +accepted/);
  expect(io.stdoutText()).toContain('Everything answered.');
  expect(readFileSync(configFile(), 'utf8')).toContain(realKey);
  expect(io.stdoutText() + io.stderrText()).not.toContain(realKey);
});

it('says what is wrong after the editor closes (exit 2)', async () => {
  const io = createMemoryIo({ home, tty: true, env: { EDITOR: editorWriting(`api_keys:\n  - key: ${realKey}\n    weight: -2\n`) } });
  expect(await main(['--edit'], io)).toBe(2);
  expect(io.stderrText()).toContain('api_keys[0].weight: expected a number greater than 0');
});

it('refuses to call the untouched template valid', async () => {
  const io = createMemoryIo({ home, tty: true, env: { EDITOR: 'true' } });
  expect(await main(['--edit'], io)).toBe(2);
  expect(io.stderrText()).toContain('template placeholder');
  expect(existsSync(configFile())).toBe(true);
});

it('prefers $VISUAL over $EDITOR and edits the given path', async () => {
  const given = path.join(home, 'custom.yaml');
  const io = createMemoryIo({ home, tty: true, env: { VISUAL: editorWriting(`api_keys: [${realKey}]\n${urls}`), EDITOR: '/nonexistent/editor' } });
  expect(await main([given, '--edit'], io)).toBe(0);
  expect(readFileSync(given, 'utf8')).toContain(realKey);
});

it('never changes the mode of an existing folder: --edit ~/asksage.yaml leaves the home folder as it was', async () => {
  chmodSync(home, 0o755);
  const given = path.join(home, 'asksage.yaml');
  const io = createMemoryIo({ home, tty: true, env: { EDITOR: editorWriting(`api_keys: [${realKey}]\n${urls}`) } });
  expect(await main([given, '--edit'], io)).toBe(0);
  expect(statSync(home).mode & 0o777).toBe(0o755);
  expect(statSync(given).mode & 0o777).toBe(0o600);
});

it('runs the startup checks after the editor closes: a missing cert_path is not "valid"', async () => {
  const io = createMemoryIo({ home, tty: true, env: { EDITOR: editorWriting(`api_keys: [${realKey}]\ncert_path: ~/missing.pem\n`) } });
  expect(await main(['--edit'], io)).toBe(2);
  expect(io.stderrText()).toContain(`cert_path (in ${configFile()})`);
  expect(io.stdoutText()).not.toContain('is valid');
});

it('rejects an infinite weight and a models_file that does not exist, as startup would', async () => {
  const io = createMemoryIo({ home, tty: true, env: { EDITOR: editorWriting(`api_keys:\n  - {key: ${realKey}, weight: .inf}\n`) } });
  expect(await main(['--edit'], io)).toBe(2);
  expect(io.stderrText()).toContain('api_keys[0].weight: expected a finite number');
  const models = createMemoryIo({ home, tty: true, env: { EDITOR: editorWriting(`api_keys: [${realKey}]\nmodels_file: nowhere.json\n`) } });
  expect(await main(['--edit'], models)).toBe(2);
  expect(models.stderrText()).toContain('models_file (in');
  expect(models.stderrText()).toContain('nowhere.json');
});

it('refuses to start an interactive editor when stdin is not a terminal (exit 2, nothing created)', async () => {
  const io = createMemoryIo({ home, tty: false, env: { EDITOR: editorWriting(`api_keys: [${realKey}]\n`) } });
  expect(await main(['--edit'], io)).toBe(2);
  expect(io.stderrText()).toContain('stdin is not a terminal');
  expect(existsSync(configFile())).toBe(false);
});

it('reports a failed editor instead of calling the file valid (exit 1)', async () => {
  const given = path.join(home, 'good.yaml');
  writeFileSync(given, `api_keys: [${realKey}]\n`);
  const io = createMemoryIo({ home, tty: true, env: { EDITOR: 'false' } });
  expect(await main([given, '--edit'], io)).toBe(1);
  expect(io.stderrText()).toContain('exited with status 1');
  expect(io.stdoutText()).not.toContain('is valid');
});

it('lists every problem in one pass: schema errors, the certificate and unknown keys together', async () => {
  const io = createMemoryIo({ home, tty: true, env: { EDITOR: editorWriting(`api_keys: [${realKey}]\nport: "not a number"\ncert_path: ~/missing.pem\ntimout_seconds: 30\n`) } });
  expect(await main(['--edit'], io)).toBe(2);
  const said = io.stdoutText() + io.stderrText();
  expect(said).toContain('port');
  expect(said).toContain('missing.pem');
  expect(said).toContain('timout_seconds');
  expect(said).toContain('timeout_seconds');
});

it('checks a valid file\'s keys after the edit: a key AskSage rejects is named with the fix, and the file is kept (exit 1)', async () => {
  const yaml = `api_keys:\n  - {key: ${realKey}, name: lab}\n  - {key: ${revokedKey}, name: old}\n${urls}`;
  const io = createMemoryIo({ home, tty: true, env: { EDITOR: editorWriting(yaml) } });
  expect(await main(['--edit'], io)).toBe(1);
  const said = io.stdoutText() + io.stderrText();
  expect(said).toContain('is valid (2 API key(s))');
  expect(said).toMatch(/ok +key "lab" +accepted/);
  expect(said).toMatch(/FAIL +key "old" +.*Token is invalid.*Fix this key in the config \(asksage-proxy --edit\)/);
  expect(said).toContain(`the configuration is kept as saved in ${configFile()}`);
  expect(said).toContain('run "asksage-proxy --check" to check again');
  expect(readFileSync(configFile(), 'utf8')).toBe(yaml);
  expect(said).not.toContain(realKey);
  expect(said).not.toContain(revokedKey);
  expect(simulator.requests().filter((request) => request.path === '/server/query')).toEqual([]);
});
