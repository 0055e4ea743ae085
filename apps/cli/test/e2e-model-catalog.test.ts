/**
 * Model discovery as a user runs it: `asksage-proxy --refresh-available-models` against AskSage (the simulator)
 * with two keys of different entitlements, a bad key and a retired model; then a normal start that uses the
 * validated cache without a single upstream call, and routes each model only to keys entitled to it.
 */
import { mkdtempSync, rmSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startAskSageSimulator, type RunningSimulator } from '@asksage-proxy/asksage-simulator';
import { driveChatRequest } from './support/drive-chat-request';
import { startProxyProcess } from './support/start-proxy-process';

const LAB = 'catalog-lab-key-'.padEnd(64, 'l');
const STUDENT = 'catalog-student-key-'.padEnd(64, 's');
const REVOKED = 'catalog-revoked-key-'.padEnd(64, 'r');
const tenantModels = ['gpt-4o', 'claude-35-sonnet', 'claude-37-sonnet', 'google-gemini-2.5-pro'];

describe('--refresh-available-models, then a zero-call start', () => {
  let simulator: RunningSimulator;
  let home: string;
  let config: Record<string, unknown>;

  beforeAll(async () => {
    simulator = await startAskSageSimulator({
      keys: [
        { key: LAB, models: ['gpt-4o', 'claude-35-sonnet', 'claude-37-sonnet'] },
        { key: STUDENT, models: ['gpt-4o', 'claude-37-sonnet'] },
        { key: REVOKED, invalid: true },
      ],
      models: tenantModels,
      retiredModels: ['claude-37-sonnet'],
    });
    home = mkdtempSync(path.join(tmpdir(), 'asksage-proxy-catalog-'));
    config = {
      api_keys: [
        { key: LAB, name: 'lab' },
        { key: STUDENT, name: 'student' },
        { key: REVOKED, name: 'revoked' },
      ],
      asksage_server_base_url: simulator.serverBaseUrl,
      asksage_user_base_url: simulator.userBaseUrl,
    };
  });

  afterAll(async () => {
    await simulator?.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('prints the truth per model and key, the tokens spent, and saves the cache', async () => {
    const refresh = await startProxyProcess({ config, home, args: ['--refresh-available-models'], waitForHealth: false });
    const code = await refresh.waitForExit();
    const output = refresh.output();
    expect(code).toBe(0);
    expect(output).toMatch(/^gpt-4o\s+ok\s+ok\s+denied\s*$/m);
    expect(output).toMatch(/^claude-35-sonnet\s+ok\s+denied\s+denied\s*$/m);
    expect(output).toMatch(/^claude-37-sonnet\s+retired\s+retired\s+denied\s*$/m);
    expect(output).toContain('google-gemini-2.5-pro');

    const billed = await Promise.all(
      [LAB, STUDENT].map(async (key) => {
        const response = await fetch(`${simulator.serverBaseUrl}/count-monthly-tokens`, { headers: { 'x-access-tokens': key } });
        return ((await response.json()) as { response: number }).response;
      }),
    );
    const spent = billed.reduce((sum, tokens) => sum + tokens, 0);
    expect(spent).toBeGreaterThan(0);
    expect(output).toMatch(new RegExp(`\\b${spent}\\b`));

    const queries = simulator.requests().filter((request) => request.path === '/server/query');
    expect(queries.every((request) => typeof (request.body as { system_prompt?: unknown }).system_prompt === 'string')).toBe(true);
    expect(queries.some((request) => request.resolvedKey === REVOKED)).toBe(false);

    const cacheFile = path.join(home, '.config/asksage_proxy/available_models.json');
    expect(statSync(cacheFile).mode & 0o777).toBe(0o600);
    const cache = JSON.parse(readFileSync(cacheFile, 'utf8')) as { models: Array<{ id: string; keys: string[] }> };
    expect(Object.fromEntries(cache.models.map((model) => [model.id, model.keys]))).toEqual({
      'gpt-4o': ['lab', 'student'],
      'claude-35-sonnet': ['lab'],
      // Embeddings live on AskSage's OpenAI-compatible surface and are not probed (that would spend training
      // tokens): every key whose listing worked keeps them; the revoked key does not.
      'text-embedding-3-small': ['lab', 'student'],
      'text-embedding-3-large': ['lab', 'student'],
      'text-embedding-ada-002': ['lab', 'student'],
    });
    for (const secret of [LAB, STUDENT, REVOKED]) expect(output + JSON.stringify(cache)).not.toContain(secret);
  });

  it('starts from the cache with zero upstream calls and routes by entitlement', async () => {
    simulator.reset();
    const proxy = await startProxyProcess({ config, home });
    try {
      expect(simulator.requests()).toEqual([]);

      const listed = (await (await fetch(`${proxy.baseURL}/models`)).json()) as { data: Array<{ id: string }> };
      expect(listed.data.map((model) => model.id).sort()).toEqual(['claude-35-sonnet', 'gpt-4o', 'text-embedding-3-large', 'text-embedding-3-small', 'text-embedding-ada-002']);

      for (let index = 0; index < 6; index += 1) {
        const outcome = await driveChatRequest(proxy.url, { model: 'claude-3.5-sonnet', messages: [{ role: 'user', content: `q${index}` }] });
        expect(outcome.kind).toBe('completion');
      }
      const used = new Set(simulator.requests().filter((request) => request.path === '/server/query').map((request) => request.resolvedKey));
      expect([...used]).toEqual([LAB]);

      const locked = await driveChatRequest(proxy.url, { model: 'google-gemini-2.5-pro', messages: [{ role: 'user', content: 'hi' }] });
      expect(locked).toMatchObject({ kind: 'error', status: 403, code: 'model_not_entitled' });
      expect(locked.kind === 'error' && locked.message).toContain('google-gemini-2.5-pro');
    } finally {
      await proxy.stop();
    }
  });
});
