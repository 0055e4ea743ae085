/**
 * A key AskSage rejects is rechecked with a free call and comes back by itself once AskSage accepts it again, through
 * the real CLI and the real simulator (which revokes and re-admits keys). A recheck interval of 0 makes each recheck
 * due at the next request, so the test drives it with requests and asserts on order and state, never on time.
 */
import { startAskSageSimulator, type RunningSimulator } from '@asksage-proxy/asksage-simulator';
import { startProxyProcess, type ProxyProcess } from './support/start-proxy-process';

const KEY_A = 'recheck-key-a-'.padEnd(64, 'a');
const KEY_B = 'recheck-key-b-'.padEnd(64, 'b');

interface HealthKey {
  name: string;
  state: string;
  recheckAt?: number;
  action?: string;
}

let simulator: RunningSimulator;
let proxy: ProxyProcess;

beforeAll(async () => {
  simulator = await startAskSageSimulator({ keys: [{ key: KEY_A }, { key: KEY_B }] });
  proxy = await startProxyProcess({
    config: {
      api_keys: [
        { key: KEY_A, name: 'alpha' },
        { key: KEY_B, name: 'beta' },
      ],
      asksage_server_base_url: simulator.serverBaseUrl,
      asksage_user_base_url: simulator.userBaseUrl,
      invalid_key_recheck_seconds: 0,
      invalid_key_recheck_max_seconds: 0,
    },
  });
});

afterAll(async () => {
  await proxy?.stop();
  await simulator?.close();
});

async function chat(content: string): Promise<number> {
  const response = await fetch(`${proxy.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content }] }),
  });
  await response.text();
  return response.status;
}

async function alpha(): Promise<HealthKey> {
  const health = (await (await fetch(`${proxy.url}/health`)).json()) as { keys: HealthKey[] };
  const key = health.keys.find((entry) => entry.name === 'alpha');
  if (key === undefined) throw new Error('alpha is missing from /health');
  return key;
}

const calls = (path: string, key: string) => simulator.requests().filter((request) => request.path === path && request.accessToken === key).length;

it('keeps a revoked key out, rechecks it for free, and serves with it again once AskSage accepts it', async () => {
  simulator.setKeyInvalid(KEY_A, true);
  for (let index = 0; index < 4; index += 1) expect(await chat(`while revoked ${index}`)).toBe(200);
  // One request met the rejection and failed over; after it, no billed call went out with the revoked key.
  expect(calls('/server/query', KEY_A)).toBe(1);
  const out = await alpha();
  expect(out).toMatchObject({ state: 'invalid' });
  expect(out.recheckAt).toEqual(expect.any(Number));
  expect(out.action).toMatch(/fix it in the config.*Rechecking at .* with a free call/);
  // The rechecks the requests started asked count-monthly-tokens (free), and AskSage still said no.
  expect(calls('/server/count-monthly-tokens', KEY_A)).toBeGreaterThan(0);
  expect(proxy.output()).toMatch(/AskSage rejected API key \\?"alpha\\?" as invalid/);
  expect(proxy.output()).not.toMatch(/accepts API key \\?"alpha\\?" again/);

  simulator.setKeyInvalid(KEY_A, false);
  // Requests start the recheck in the background; poll health between them (a bound against hanging, not a timing).
  let state = out.state;
  for (let attempt = 0; attempt < 50 && state !== 'healthy'; attempt += 1) {
    expect(await chat(`after re-admission ${attempt}`)).toBe(200);
    state = (await alpha()).state;
  }
  expect(state).toBe('healthy');
  expect(proxy.output()).toMatch(/AskSage rejected API key \\?"alpha\\?"[\s\S]*AskSage accepts API key \\?"alpha\\?" again \(free recheck\); it is back in rotation/);
  // Operators see it in the metrics too: one restoration of alpha, next to the cooldown that took it out.
  const metrics = await (await fetch(`${proxy.url}/metrics`)).text();
  expect(metrics).toMatch(/^asksage_proxy_key_restorations_total\{key="alpha"\} 1$/m);
  expect(metrics).toMatch(/^asksage_proxy_key_cooldowns_total\{key="alpha",reason="invalid"\} [1-9]/m);

  const before = calls('/server/query', KEY_A);
  for (let index = 0; index < 2; index += 1) expect(await chat(`back ${index}`)).toBe(200);
  // Two equal weights: of the next two requests, the restored key serves one.
  expect(calls('/server/query', KEY_A)).toBe(before + 1);
  for (const secret of [KEY_A, KEY_B]) expect(proxy.output()).not.toContain(secret.slice(0, 24));
});
