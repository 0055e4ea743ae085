/**
 * config.yaml as users of the Python reference write it, resolved through defaults < file < env < flags,
 * observed the way a user does: `asksage-proxy --show` output, exit codes and messages.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../src/run-cli';
import { createMemoryIo } from '../src/testing/create-memory-io';
import { loadConfig } from '../src/config/load-config';
import { readCertificate } from '../src/config/read-certificate';

const keyA = 'A'.repeat(30) + 'alphaKeyFirst0000000000000000000000';
const keyB = 'B'.repeat(30) + 'bravoKeySecond000000000000000000000';

let home: string;
let work: string;

beforeEach(() => {
  home = mkdtempSync(path.join(tmpdir(), 'cli-config-home-'));
  work = mkdtempSync(path.join(tmpdir(), 'cli-config-work-'));
});

afterEach(() => {
  rmSync(home, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

function writeYaml(file: string, text: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const io = createMemoryIo({ home, cwd: work, env });
  const code = await main(argv, io);
  return { code, stdout: io.stdoutText(), stderr: io.stderrText(), all: io.stdoutText() + io.stderrText() };
}

describe('precedence: defaults < file < environment < flags', () => {
  it('takes each value from the highest layer that sets it and says where it came from', async () => {
    const file = writeYaml(path.join(work, 'config.yaml'), `port: 1111\nhost: 127.0.0.2\ntimeout_seconds: 300\napi_keys:\n  - key: ${keyA}\n    name: alpha\n`);
    const result = await run(['--show', '--port', '3333'], { ASKSAGE_PROXY_PORT: '2222', ASKSAGE_PROXY_HOST: '127.0.0.3' });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^port: 3333$/m);
    expect(result.stdout).toMatch(/^host: 127\.0\.0\.3$/m);
    expect(result.stdout).toMatch(/^timeout_seconds: 300$/m);
    expect(result.stdout).toMatch(/^max_attempts: 3$/m);
    expect(result.stdout).toContain('#   port: flag (--port)');
    expect(result.stdout).toContain('#   host: env (ASKSAGE_PROXY_HOST)');
    expect(result.stdout).toContain(`#   timeout_seconds: file (${file})`);
    expect(result.stdout).toContain('#   max_attempts: default');
  });

  it('defaults to loopback, port 50733 and a 600 s timeout when the file says nothing', () => {
    writeYaml(path.join(work, 'config.yaml'), `api_keys: [${keyA}]\n`);
    const { config } = loadConfig({ env: {}, home, cwd: work });
    expect(config).toMatchObject({ host: '127.0.0.1', port: 50733, timeoutSeconds: 600, verbose: false, serverBaseUrl: 'https://api.asksage.anl.gov/server' });
  });

  it('runs from environment variables alone (containers): no file needed', async () => {
    const result = await run(['--show'], { ASKSAGE_PROXY_API_KEYS: `alpha:${keyA},${keyB}`, ASKSAGE_PROXY_PROXY_API_KEYS: 'inbound-secret-token-123456' });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('none found');
    expect(result.stdout).toMatch(/name: alpha/);
    expect(result.stdout).toMatch(/name: key_2/);
    expect(result.stdout).toContain('#   api_keys: env (ASKSAGE_PROXY_API_KEYS)');
    expect(result.all).not.toContain('inbound-secret-token-123456');
  });

  it('lets ASKSAGE_PROXY_API_KEY (one key) replace the keys of the file', () => {
    writeYaml(path.join(work, 'config.yaml'), `api_keys: [${keyA}]\n`);
    const { config } = loadConfig({ env: { ASKSAGE_PROXY_API_KEY: keyB }, home, cwd: work });
    expect(config.apiKeys).toEqual([{ name: 'key_1', key: keyB, weight: 1 }]);
  });

  it('names the variable when an environment value is wrong', async () => {
    writeYaml(path.join(work, 'config.yaml'), `api_keys: [${keyA}]\n`);
    const result = await run(['--show'], { ASKSAGE_PROXY_MAX_ATTEMPTS: '0' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('ASKSAGE_PROXY_MAX_ATTEMPTS');
  });
});

describe('reference config files keep working', () => {
  it('accepts the legacy single api_key as key_1, with a deprecation warning', async () => {
    writeYaml(path.join(work, 'config.yaml'), `api_key: ${keyA}\nport: 50733\n`);
    const { config } = loadConfig({ env: {}, home, cwd: work });
    expect(config.apiKeys).toEqual([{ name: 'key_1', key: keyA, weight: 1 }]);
    expect(config.warnings.join('\n')).toMatch(/api_key.*deprecated/);
  });

  it('accepts bare key strings and names them by position', () => {
    writeYaml(path.join(work, 'config.yaml'), `api_keys:\n  - ${keyA}\n  - key: ${keyB}\n    weight: 3.0\n`);
    const { config } = loadConfig({ env: {}, home, cwd: work });
    expect(config.apiKeys).toEqual([
      { name: 'key_1', key: keyA, weight: 1 },
      { name: 'key_2', key: keyB, weight: 3 },
    ]);
  });

  it('keeps a short timeout_seconds from an old file but warns that long generations will be cut', () => {
    writeYaml(path.join(work, 'config.yaml'), `api_keys: [${keyA}]\ntimeout_seconds: 30.0\n`);
    const { config } = loadConfig({ env: {}, home, cwd: work });
    expect(config.timeoutSeconds).toBe(30);
    expect(config.warnings.join('\n')).toMatch(/timeout_seconds is 30.*long generations/);
  });
});

describe('cert_path', () => {
  it('expands ~ and resolves relative paths against the config file folder, not the working folder', () => {
    const folder = path.join(home, 'settings');
    writeYaml(path.join(folder, 'one.yaml'), `api_keys: [${keyA}]\ncert_path: ./certs/anl.pem\n`);
    writeYaml(path.join(folder, 'two.yaml'), `api_keys: [${keyA}]\ncert_path: ~/anl.pem\n`);
    expect(loadConfig({ given: path.join(folder, 'one.yaml'), env: {}, home, cwd: work }).config.certPath).toBe(path.join(folder, 'certs', 'anl.pem'));
    expect(loadConfig({ given: path.join(folder, 'two.yaml'), env: {}, home, cwd: work }).config.certPath).toBe(path.join(home, 'anl.pem'));
  });

  it('stops startup with the key and the path when the certificate is missing', async () => {
    writeYaml(path.join(work, 'config.yaml'), `api_keys: [${keyA}]\nport: 0\ncert_path: missing.pem\n`);
    const result = await run([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cert_path');
    expect(result.stderr).toContain(path.join(work, 'missing.pem'));
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('still checks a configured certificate when the server URL is http://, naming the file that sets it', async () => {
    const file = writeYaml(path.join(work, 'config.yaml'), `api_keys: [${keyA}]\nport: 0\ncert_path: missing.pem\nasksage_server_base_url: http://127.0.0.1:9/server\n`);
    const result = await run([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`cert_path (in ${file})`);
    expect(result.stderr).toContain(path.join(work, 'missing.pem'));
  });

  it('names the environment variable when the certificate comes from ASKSAGE_PROXY_CERT_PATH', async () => {
    writeFileSync(path.join(work, 'not-a-cert.pem'), 'hello');
    const result = await run([], { ASKSAGE_PROXY_API_KEYS: keyA, ASKSAGE_PROXY_PORT: '0', ASKSAGE_PROXY_CERT_PATH: 'not-a-cert.pem' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('ASKSAGE_PROXY_CERT_PATH');
    expect(result.stderr).toContain('is not a PEM certificate');
  });

  it('returns the CA for an https user URL even when the server URL is http://', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    writeFileSync(path.join(work, 'ca.pem'), pem);
    writeYaml(path.join(work, 'config.yaml'), `api_keys: [${keyA}]\ncert_path: ca.pem\nasksage_server_base_url: http://127.0.0.1:9/server\n`);
    const { config } = loadConfig({ env: {}, home, cwd: work });
    expect(readCertificate(config)).toBe(pem);
  });
});

describe('numbers must be finite and sane', () => {
  it.each([
    ['timeout_seconds: .inf', 'timeout_seconds: expected a finite number, found infinity'],
    ['timeout_seconds: 3000000', 'timeout_seconds: expected a number of at most 86400'],
    ['connect_timeout_seconds: 601', 'connect_timeout_seconds: expected a number of at most 600'],
    ['heartbeat_seconds: .nan', 'heartbeat_seconds: expected a finite number'],
    ['shutdown_grace_seconds: 99999', 'shutdown_grace_seconds: expected a number of at most 3600'],
    ['response_store_max_entries: 0', 'response_store_max_entries: expected a number of at least 1'],
    ['response_store_max_age_seconds: 0', 'response_store_max_age_seconds: expected a number greater than 0'],
  ])('rejects %s with the file and key (exit 2)', async (line, message) => {
    const file = writeYaml(path.join(work, 'config.yaml'), `api_keys: [${keyA}]\n${line}\n`);
    const result = await run(['--show']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}: ${message}`);
  });

  it('rejects an infinite weight with its key path, once', async () => {
    const file = writeYaml(path.join(work, 'config.yaml'), `api_keys:\n  - key: ${keyA}\n  - key: ${keyB}\n    weight: .inf\n`);
    const result = await run(['--show']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}: api_keys[1].weight: expected a finite number`);
    expect(result.stderr).not.toContain('at most');
  });

  it('rejects ASKSAGE_PROXY_TIMEOUT_SECONDS=Infinity naming the variable', async () => {
    const result = await run(['--show'], { ASKSAGE_PROXY_API_KEYS: keyA, ASKSAGE_PROXY_TIMEOUT_SECONDS: 'Infinity' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('ASKSAGE_PROXY_TIMEOUT_SECONDS: expected a finite number');
  });
});

describe('environment variables', () => {
  it('treats an empty ASKSAGE_PROXY_VERBOSE= as unset (the file keeps verbose on)', async () => {
    writeYaml(path.join(work, 'config.yaml'), `api_keys: [${keyA}]\nverbose: true\n`);
    const result = await run(['--show'], { ASKSAGE_PROXY_VERBOSE: '' });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^verbose: true$/m);
    expect(result.stdout).toContain('#   verbose: file (');
  });

  it('reads ASKSAGE_PROXY_API_KEYS as JSON: one mapping, or a list of strings and mappings', () => {
    const single = loadConfig({ env: { ASKSAGE_PROXY_API_KEYS: JSON.stringify({ key: keyA, name: 'lab', weight: 2 }) }, home, cwd: work }).config;
    expect(single.apiKeys).toEqual([{ key: keyA, name: 'lab', weight: 2 }]);
    const list = loadConfig({ env: { ASKSAGE_PROXY_API_KEYS: ` ${JSON.stringify([keyA, { key: keyB, name: 'backup' }])}` }, home, cwd: work }).config;
    expect(list.apiKeys).toEqual([{ key: keyA, name: 'key_1', weight: 1 }, { key: keyB, name: 'backup', weight: 1 }]);
  });

  it('validates JSON keys like the file and reports malformed JSON by variable, without echoing it (exit 2)', async () => {
    const invalid = await run(['--show'], { ASKSAGE_PROXY_API_KEYS: JSON.stringify({ key: keyA, weight: 0 }) });
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('ASKSAGE_PROXY_API_KEYS (api_keys[0].weight): expected a number greater than 0');
    const malformed = await run(['--show'], { ASKSAGE_PROXY_API_KEYS: `{"key": "${keyA}"` });
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('ASKSAGE_PROXY_API_KEYS: starts with { but is not valid JSON');
    expect(malformed.all).not.toContain(keyA);
  });
});

describe('models_file', () => {
  it('a missing models_file is a configuration error naming the setting and the file (exit 2)', async () => {
    const file = writeYaml(path.join(work, 'config.yaml'), `api_keys: [${keyA}]\nport: 0\nmodels_file: nowhere.json\n`);
    const result = await run([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`models_file (in ${file})`);
    expect(result.stderr).toContain(path.join(work, 'nowhere.json'));
  });

  it('names ASKSAGE_PROXY_MODELS_FILE when the broken list comes from the environment', async () => {
    writeFileSync(path.join(work, 'models.json'), '{ not json');
    const result = await run([], { ASKSAGE_PROXY_API_KEYS: keyA, ASKSAGE_PROXY_PORT: '0', ASKSAGE_PROXY_MODELS_FILE: 'models.json' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('ASKSAGE_PROXY_MODELS_FILE (models_file)');
    expect(result.stderr).toContain('not valid JSON');
  });
});

describe('config file search', () => {
  const body = (port: number) => `port: ${port}\napi_keys: [${keyA}]\n`;

  it('uses the first found of ~/.config/asksage_proxy, ./config.yaml, ./asksage_proxy_config.yaml, ~/.asksage_proxy', () => {
    const files = [
      writeYaml(path.join(home, '.config', 'asksage_proxy', 'config.yaml'), body(1001)),
      writeYaml(path.join(work, 'config.yaml'), body(1002)),
      writeYaml(path.join(work, 'asksage_proxy_config.yaml'), body(1003)),
      writeYaml(path.join(home, '.asksage_proxy', 'config.yaml'), body(1004)),
    ];
    const ports: number[] = [];
    for (const file of files) {
      ports.push(loadConfig({ env: {}, home, cwd: work }).config.port);
      rmSync(file);
    }
    expect(ports).toEqual([1001, 1002, 1003, 1004]);
  });

  it('falls back to the search with a notice when the given path does not exist', async () => {
    writeYaml(path.join(work, 'config.yaml'), body(1002));
    const result = await run(['nowhere.yaml', '--show']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`${path.join(work, 'nowhere.yaml')} not found`);
    expect(result.stdout).toMatch(/^port: 1002$/m);
  });
});

describe('errors a human can fix', () => {
  it('lists every invalid value with its key path, what was expected and what was found; exit 2, no stack', async () => {
    const file = writeYaml(path.join(work, 'config.yaml'), `port: eighty\napi_keys:\n  - key: ${keyA}\n  - key: ${keyB}\n    weight: -1\n`);
    const result = await run(['--show']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}: api_keys[1].weight: expected a number greater than 0, found the number -1`);
    expect(result.stderr).toContain(`${file}: port: expected a whole number, found the text "eighty"`);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stderr).not.toContain(keyB);
  });

  it('rejects two keys with one name', async () => {
    writeYaml(path.join(work, 'config.yaml'), `api_keys:\n  - {key: ${keyA}, name: lab}\n  - {key: ${keyB}, name: lab}\n`);
    const result = await run(['--show']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/api_keys\[1\]\.name: duplicate key name "lab"/);
  });

  it('shows the line and column of a YAML syntax error', async () => {
    writeYaml(path.join(work, 'config.yaml'), `port: 1\napi_keys:\n  - key: "unterminated\nhost: x\n`);
    const result = await run(['--show']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/config\.yaml:\d+:\d+: YAML syntax error/);
  });

  it('warns about unknown keys with a typo hint instead of failing', async () => {
    writeYaml(path.join(work, 'config.yaml'), `prot: 8080\napi_keys:\n  - key: ${keyA}\n    wieght: 2\n`);
    const result = await run(['--show']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/unknown key prot .*did you mean `port`/);
    expect(result.stderr).toMatch(/api_keys\[0\]\.wieght .*did you mean `weight`/);
  });
});

describe('--show', () => {
  it('never prints a whole key: keys masked as abcd…wxyz, short ones as ****', async () => {
    const shortKey = 'short-key-1';
    writeYaml(path.join(work, 'config.yaml'), `api_keys:\n  - {key: ${keyA}, name: alpha}\n  - {key: ${shortKey}, name: tiny}\nproxy_api_keys: [${keyB}]\n`);
    const result = await run(['--show']);
    expect(result.code).toBe(0);
    for (const secret of [keyA, keyB, shortKey]) expect(result.all).not.toContain(secret);
    expect(result.stdout).toContain(`${keyA.slice(0, 4)}…${keyA.slice(-4)}`);
    expect(result.stdout).toContain('****');
    expect(result.stdout).toContain('name: alpha');
  });
});

describe('files found by the search', () => {
  it("skips another tool's config.yaml in the working folder with a note, and uses the next file found", async () => {
    writeYaml(path.join(work, 'config.yaml'), 'defaults:\n  - model: resnet\ntrainer:\n  epochs: 3\n');
    const ours = writeYaml(path.join(home, '.asksage_proxy', 'config.yaml'), `api_keys:\n  - key: ${keyA}\n    name: alpha\n`);
    const result = await run(['--show']);
    expect(result.code).toBe(0);
    expect(result.all).toContain(`Skipped ${path.join(work, 'config.yaml')}`);
    expect(result.all).toContain(ours);
    expect(result.all).toContain('alpha');
  });

  it('warns, with the chmod that fixes it, when the file holding the keys is readable by other users', async () => {
    const file = writeYaml(path.join(home, '.config', 'asksage_proxy', 'config.yaml'), `api_keys:\n  - key: ${keyA}\n    name: alpha\n`);
    chmodSync(file, 0o644);
    expect((await run(['--show'])).all).toContain(`run: chmod 600 ${file}`);
    chmodSync(file, 0o600);
    expect((await run(['--show'])).all).not.toContain('chmod 600');
  });
});

describe('example keys', () => {
  it.each(['paste-your-asksage-api-key-here', 'your-primary-api-key'])('refuses to serve with the example key %s, naming the key and the fix (exit 2)', async (example) => {
    writeYaml(path.join(home, '.config', 'asksage_proxy', 'config.yaml'), `port: 0\napi_keys:\n  - key: ${example}\n    name: primary\n`);
    const result = await run([]);
    expect(result.code).toBe(2);
    expect(result.all).toContain('the key named "primary" is still an example value');
    expect(result.all).toContain('--edit');
  });
});
