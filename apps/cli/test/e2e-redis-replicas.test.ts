/**
 * Several replicas behind one Redis, as docs/scaling.md describes them: real CLI processes, the simulator, a real
 * redis-server started on a free loopback port. What a user of a load-balanced deployment notices: a key rate
 * limited or revoked on one replica is avoided by the others, and Redis going away never fails a request.
 */
import { startAskSageSimulator, type RunningSimulator } from '@asksage-proxy/asksage-simulator';
import { startRedisServer, type TestRedisServer } from '../../../test-support/start-redis-server';
import { driveChatRequest, type ChatOutcome } from './support/drive-chat-request';
import { startProxyProcess, type ProxyProcess } from './support/start-proxy-process';
import { eventually } from './support/eventually';

const KEY_A = 'replica-key-alpha-'.padEnd(64, 'a');
const KEY_B = 'replica-key-bravo-'.padEnd(64, 'b');
const REDIS_PASSWORD = 'replicas-share-this-redis-password';
const chat = (content: string) => ({ model: 'gpt-4o', messages: [{ role: 'user', content }] });

interface RedisHealth {
  status: string;
  keys: Array<{ name: string; state: string }>;
  redis?: { state: string; url: string; outages: number };
}

interface Counted {
  requests: number;
}

/** What /status.json says, as far as these tests read it. */
interface StatusJson {
  counts: { scope: string; label: string; store?: { name: string; state: string; url: string; error?: string } };
  keys: Array<Counted & { name: string; state: string }>;
  models: Array<Counted & { id: string }>;
  requestsPerMinute: { counts: number[] };
  replica?: { keys: Array<Counted & { name: string }>; models: Array<Counted & { id: string }>; requestsPerMinute: { counts: number[] } };
}

async function status(proxy: ProxyProcess): Promise<StatusJson> {
  const response = await fetch(`${proxy.url}/status.json?month_to_date=false`);
  expect(response.status).toBe(200);
  return (await response.json()) as StatusJson;
}

const sum = (items: readonly Counted[] | undefined): number => (items ?? []).reduce((total, item) => total + item.requests, 0);
const perModel = (items: ReadonlyArray<Counted & { id: string }> | undefined) => Object.fromEntries((items ?? []).map((item) => [item.id, item.requests]));
const minutesTotal = (rate: { counts: number[] } | undefined): number => (rate?.counts ?? []).reduce((total, count) => total + count, 0);

async function health(proxy: ProxyProcess): Promise<RedisHealth> {
  return (await (await fetch(`${proxy.url}/health`)).json()) as RedisHealth;
}

/** The API keys of the /query calls the simulator received after `index` (recorded sequence number). */
function keysUsedAfter(simulator: RunningSimulator, index: number): string[] {
  return simulator
    .requests()
    .filter((request) => request.path === '/server/query' && request.index > index)
    .map((request) => (request.resolvedKey === KEY_A ? 'alpha' : request.resolvedKey === KEY_B ? 'bravo' : 'unknown'));
}

function lastRecordedIndex(simulator: RunningSimulator): number {
  return simulator.requests().at(-1)?.index ?? 0;
}

describe('replicas sharing key health through Redis', () => {
  let simulator: RunningSimulator;
  let redis: TestRedisServer;
  let replicas: ProxyProcess[] = [];

  beforeAll(async () => {
    redis = await startRedisServer({ password: REDIS_PASSWORD });
    simulator = await startAskSageSimulator({ keys: [{ key: KEY_A }, { key: KEY_B }] });
  });

  afterAll(async () => {
    await simulator?.close();
    await redis?.stop();
  });

  beforeEach(async () => {
    simulator.reset();
    // A fresh Redis per test: no health left over from the previous one.
    await redis.restart();
    const config = {
      api_keys: [
        { key: KEY_A, name: 'alpha' },
        { key: KEY_B, name: 'bravo' },
      ],
      asksage_server_base_url: simulator.serverBaseUrl,
      asksage_user_base_url: simulator.userBaseUrl,
      redis_url: redis.url,
    };
    replicas = await Promise.all([0, 1, 2].map(() => startProxyProcess({ config })));
    await eventually(async () => (await Promise.all(replicas.map(health))).every((report) => report.redis?.state === 'connected'));
  });

  /** AskSage answers alpha's next request with 429 + Retry-After: 30; requests go through `proxy` until one meets it. */
  async function rateLimitAlphaThrough(proxy: ProxyProcess): Promise<void> {
    const before = lastRecordedIndex(simulator);
    simulator.injectFault({ kind: 'http', status: 429, retryAfter: 30, match: { key: KEY_A }, times: 1 });
    // Smooth round robin alternates the keys: within two requests one lands on alpha, meets the 429, fails over.
    await eventually(async () => {
      expect((await driveChatRequest(proxy.url, chat('through one replica'))).kind).toBe('completion');
      return keysUsedAfter(simulator, before).includes('alpha');
    }, 5);
  }

  afterEach(async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    for (const replica of replicas) expect(replica.output()).not.toContain(REDIS_PASSWORD);
  });

  it('reports the shared state in /health with the password masked', async () => {
    const report = await health(replicas[0] as ProxyProcess);
    expect(report.redis).toMatchObject({ state: 'connected', url: `redis://:****@127.0.0.1:${redis.port}`, outages: 0 });
    const metrics = await (await fetch(`${(replicas[0] as ProxyProcess).url}/metrics`)).text();
    expect(metrics).toMatch(/^asksage_proxy_redis_connected 1$/m);
    expect(metrics).toMatch(/^asksage_proxy_redis_outages 0$/m);
  });

  it('keeps every replica off a key AskSage rate limited with Retry-After through another replica', async () => {
    const [first, second, third] = replicas as [ProxyProcess, ProxyProcess, ProxyProcess];
    await rateLimitAlphaThrough(first);
    const mark = lastRecordedIndex(simulator);
    for (let round = 0; round < 4; round += 1) {
      for (const replica of [second, third]) expect((await driveChatRequest(replica.url, chat(`round ${round}`))).kind).toBe('completion');
    }
    // Without sharing, each of these replicas would send half of its requests to alpha.
    expect(keysUsedAfter(simulator, mark)).toEqual(Array(8).fill('bravo'));
    expect((await health(second)).keys.find((key) => key.name === 'alpha')?.state).toBe('cooling_down');
  });

  it('marks a key AskSage rejected through one replica invalid on the others, before they send it anything', async () => {
    const [first, second, third] = replicas as [ProxyProcess, ProxyProcess, ProxyProcess];
    simulator.setKeyInvalid(KEY_A, true);
    const before = lastRecordedIndex(simulator);
    await eventually(async () => {
      expect((await driveChatRequest(first.url, chat('through one replica'))).kind).toBe('completion');
      return keysUsedAfter(simulator, before).includes('alpha');
    }, 5);
    // The others have sent nothing since: only Redis can have told them.
    for (const replica of [second, third]) await eventually(async () => (await health(replica)).keys.find((key) => key.name === 'alpha')?.state === 'invalid');
    const mark = lastRecordedIndex(simulator);
    for (let round = 0; round < 4; round += 1) {
      for (const replica of [second, third]) expect((await driveChatRequest(replica.url, chat(`round ${round}`))).kind).toBe('completion');
    }
    expect(keysUsedAfter(simulator, mark)).toEqual(Array(8).fill('bravo'));
  });

  it('avoids a key revoked mid-load on every replica once one replica has seen it rejected', async () => {
    // Each replica sends one request at a time, numbered in its text, so every /query call is traced to its replica.
    const started = replicas.map(() => 0);
    const outcomes: ChatOutcome[] = [];
    let running = true;
    const load = Promise.all(
      replicas.map(async (replica, index) => {
        while (running) {
          started[index] = (started[index] ?? 0) + 1;
          outcomes.push(await driveChatRequest(replica.url, chat(`replica ${index} request ${started[index]} .`)));
        }
      }),
    );
    await eventually(() => outcomes.length > 15);
    const revokedAt = lastRecordedIndex(simulator);
    simulator.setKeyInvalid(KEY_A, true);
    await eventually(() => simulator.requests().some((request) => request.index > revokedAt && request.resolvedKey === KEY_A));
    // One replica met the rejection; the others learn it through Redis. Once a replica's /health shows alpha invalid,
    // every request it starts afterwards is picked from that view: only the one in flight then may still try alpha.
    const learnedAt = await Promise.all(
      replicas.map(async (replica, index) => {
        await eventually(async () => (await health(replica)).keys.find((key) => key.name === 'alpha')?.state === 'invalid');
        return started[index] ?? 0;
      }),
    );
    await eventually(() => replicas.every((_replica, index) => (started[index] ?? 0) > (learnedAt[index] ?? 0) + 10));
    running = false;
    await load;
    expect(outcomes.filter((outcome) => outcome.kind !== 'completion')).toEqual([]);
    const startedAfterLearning = simulator.requests().filter((request) => {
      const trace = /replica (\d+) request (\d+) \./.exec(JSON.stringify(request.body ?? ''));
      return request.path === '/server/query' && trace !== null && Number(trace[2]) > (learnedAt[Number(trace[1])] ?? 0);
    });
    expect(startedAfterLearning.length).toBeGreaterThanOrEqual(replicas.length * 10);
    expect(startedAfterLearning.filter((request) => request.resolvedKey === KEY_A)).toEqual([]);
  });

  it('shows every replica\'s usage added up in /status.json, each replica\'s own beside it, and its own, labelled, while Redis is away', async () => {
    const [first, second, third] = replicas as [ProxyProcess, ProxyProcess, ProxyProcess];
    for (let index = 0; index < 3; index += 1) expect((await driveChatRequest(first.url, chat(`first ${index}`))).kind).toBe('completion');
    for (let index = 0; index < 2; index += 1) expect((await driveChatRequest(second.url, { ...chat(`second ${index}`), model: 'gpt-4o-mini' })).kind).toBe('completion');
    // Each replica adds its counts to Redis every 250 ms: wait until the third, which served nothing, sees all five.
    await eventually(async () => sum((await status(third)).keys) === 5);
    const [fromFirst, fromSecond, fromThird] = await Promise.all([status(first), status(second), status(third)]);
    for (const report of [fromFirst, fromSecond, fromThird]) {
      expect(report.counts).toEqual({ scope: 'all-replicas', label: 'all replicas, via Redis', store: { name: 'Redis', state: 'connected', url: `redis://:****@127.0.0.1:${redis.port}` } });
      expect(sum(report.keys)).toBe(5);
      expect(perModel(report.models)).toEqual({ 'gpt-4o': 3, 'gpt-4o-mini': 2 });
      expect(minutesTotal(report.requestsPerMinute)).toBe(5);
    }
    // Each replica's own figures stay available beside the totals.
    expect([fromFirst, fromSecond, fromThird].map((report) => sum(report.replica?.keys))).toEqual([3, 2, 0]);
    expect(perModel(fromFirst.replica?.models)).toEqual({ 'gpt-4o': 3 });
    expect(perModel(fromSecond.replica?.models)).toEqual({ 'gpt-4o-mini': 2 });
    expect(minutesTotal(fromSecond.replica?.requestsPerMinute)).toBe(2);

    // Key health on the status page is the shared one: a rate limit met through the first shows on the third.
    await rateLimitAlphaThrough(first);
    await eventually(async () => (await status(third)).keys.find((key) => key.name === 'alpha')?.state === 'cooling_down');

    // Redis frozen (connection open, no answers): the page still answers, after a bounded wait, with its own counts.
    redis.pause();
    try {
      const stalled = await status(second);
      expect(stalled.counts).toMatchObject({ scope: 'this-replica', label: 'this replica only (Redis did not answer)', store: { error: 'Redis did not answer within 1000 ms' } });
      expect(sum(stalled.keys)).toBe(2);
    } finally {
      redis.resume();
    }

    // Redis away: the page still answers, at once, with this replica's own counts, labelled, and Redis' state.
    await redis.stop();
    await eventually(async () => (await health(second)).redis?.state === 'degraded');
    const fallback = await status(second);
    expect(fallback.counts).toMatchObject({ scope: 'this-replica', label: 'this replica only (Redis unreachable)', store: { name: 'Redis', state: 'degraded' } });
    expect(sum(fallback.keys)).toBe(2);
    expect(sum(fallback.replica?.keys)).toBe(2);
    expect(perModel(fallback.models)).toEqual({ 'gpt-4o-mini': 2 });
    expect(JSON.stringify(fallback)).not.toContain(REDIS_PASSWORD);
  });

  it('loses no request while Redis is stopped and restarted under load, warns once, and shares again afterwards', async () => {
    const [first, second] = replicas as [ProxyProcess, ProxyProcess, ProxyProcess];
    const outcomes: ChatOutcome[] = [];
    let running = true;
    const load = Promise.all(
      replicas.map(async (replica, index) => {
        let sent = 0;
        while (running) {
          sent += 1;
          outcomes.push(await driveChatRequest(replica.url, chat(`replica ${index} request ${sent}`)));
        }
      }),
    );
    await eventually(() => outcomes.length > 10);
    await redis.stop();
    await eventually(async () => (await health(first)).redis?.state === 'degraded');
    const duringOutage = outcomes.length;
    await eventually(() => outcomes.length > duringOutage + 20);
    await redis.restart();
    await eventually(async () => (await Promise.all(replicas.map(health))).every((report) => report.redis?.state === 'connected'));
    const afterReturn = outcomes.length;
    await eventually(() => outcomes.length > afterReturn + 10);
    running = false;
    await load;
    expect(outcomes.filter((outcome) => outcome.kind !== 'completion')).toEqual([]);
    for (const replica of replicas) {
      expect(replica.output().match(/Redis is unreachable/g)).toHaveLength(1);
      expect(replica.output()).toContain('Redis is reachable again');
    }
    // Shared again: a rate limit seen by one replica keeps another off the key.
    await rateLimitAlphaThrough(first);
    const mark = lastRecordedIndex(simulator);
    for (let round = 0; round < 4; round += 1) await driveChatRequest(second.url, chat(`after ${round}`));
    expect(keysUsedAfter(simulator, mark)).toEqual(Array(4).fill('bravo'));
  });
});

it('starts and serves when Redis is unreachable from the start, says so once, and exits cleanly', async () => {
  const simulator = await startAskSageSimulator({ keys: [{ key: KEY_A }] });
  // A port nothing listens on: Redis is "down" for this replica's whole life.
  const closedPort = await startRedisServer().then(async (server) => {
    await server.stop();
    return server.port;
  });
  const proxy = await startProxyProcess({
    config: {
      api_keys: [{ key: KEY_A, name: 'alpha' }],
      asksage_server_base_url: simulator.serverBaseUrl,
      asksage_user_base_url: simulator.userBaseUrl,
      redis_url: `redis://:${REDIS_PASSWORD}@127.0.0.1:${closedPort}`,
    },
  });
  try {
    for (let index = 0; index < 5; index += 1) expect((await driveChatRequest(proxy.url, chat(`no redis ${index}`))).kind).toBe('completion');
    const report = await health(proxy);
    expect(report.status).toBe('ready');
    expect(report.redis).toMatchObject({ state: 'degraded', url: `redis://:****@127.0.0.1:${closedPort}` });
    expect(await (await fetch(`${proxy.url}/metrics`)).text()).toMatch(/^asksage_proxy_redis_connected 0$/m);
    const counted = await status(proxy);
    expect(counted.counts).toMatchObject({ scope: 'this-replica', label: 'this replica only (Redis unreachable)', store: { state: 'degraded' } });
    expect(sum(counted.keys)).toBe(5);
    expect(proxy.output().match(/Redis is unreachable/g)).toHaveLength(1);
  } finally {
    expect(await proxy.stop()).toBe(0);
    await simulator.close();
  }
  expect(proxy.output()).not.toContain(REDIS_PASSWORD);
});
