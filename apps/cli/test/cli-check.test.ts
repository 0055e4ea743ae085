/**
 * `asksage-proxy --check`: every URL and every key tried with free calls against the real simulator, one row each
 * saying what to fix; nothing billed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startAskSageSimulator, type RunningSimulator } from '@asksage-proxy/asksage-simulator';
import { main } from '../src/run-cli';
import { createMemoryIo } from '../src/testing/create-memory-io';

const GOOD = 'check-good-key-'.padEnd(64, 'g');
const BAD = 'check-bad-key-'.padEnd(64, 'b');

let simulator: RunningSimulator;
let home: string;
beforeAll(async () => {
  simulator = await startAskSageSimulator({ keys: [{ key: GOOD }, { key: BAD, invalid: true }] });
});
afterAll(() => simulator.close());
beforeEach(() => {
  home = mkdtempSync(path.join(tmpdir(), 'cli-check-'));
  simulator.reset();
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

async function check(keys: Array<{ name: string; key: string }>, serverBaseUrl = simulator.serverBaseUrl, userBaseUrl = simulator.userBaseUrl) {
  const io = createMemoryIo({
    home,
    env: { ASKSAGE_PROXY_API_KEYS: JSON.stringify(keys), ASKSAGE_PROXY_SERVER_BASE_URL: serverBaseUrl, ASKSAGE_PROXY_USER_BASE_URL: userBaseUrl },
  });
  const code = await main(['--check'], io);
  return { code, out: io.stdoutText() + io.stderrText() };
}

it('passes when the URLs answer and every key is accepted, spending no tokens', async () => {
  const result = await check([{ name: 'lab', key: GOOD }]);
  expect(result.code).toBe(0);
  expect(result.out).toMatch(/ok +\S*\/server\/get-models/);
  expect(result.out).toMatch(/ok +key "lab" +accepted/);
  expect(simulator.requests().filter((request) => request.path === '/server/query')).toEqual([]);
});

it('names the rejected key and the fix, and never prints a key (exit 1)', async () => {
  const result = await check([{ name: 'lab', key: GOOD }, { name: 'old', key: BAD }]);
  expect(result.code).toBe(1);
  expect(result.out).toMatch(/FAIL +key "old" .*Token is invalid.*asksage-proxy --edit/);
  expect(result.out).not.toContain(GOOD);
  expect(result.out).not.toContain(BAD);
});

it('says which URL cannot be reached and which setting to change', async () => {
  const result = await check([{ name: 'lab', key: GOOD }], 'http://127.0.0.1:9/server');
  expect(result.code).toBe(1);
  expect(result.out).toMatch(/FAIL +http:\/\/127\.0\.0\.1:9\/server\/get-models .*asksage_server_base_url/);
});

it('names asksage_user_base_url, not the server setting, when only the user root cannot be reached', async () => {
  const result = await check([{ name: 'lab', key: GOOD }], simulator.serverBaseUrl, 'http://127.0.0.1:9/user');
  expect(result.code).toBe(1);
  expect(result.out).toMatch(/ok +\S*\/server\/get-models/);
  expect(result.out).toMatch(/FAIL +http:\/\/127\.0\.0\.1:9\/user\/get-token-with-api-key .*check asksage_user_base_url/);
  expect(result.out).not.toMatch(/get-token-with-api-key .*asksage_server_base_url/);
});
