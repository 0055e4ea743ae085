/**
 * A Responses API conversation across replicas that share Redis: started on one replica, continued, read and
 * deleted through the others, as a load balancer without sticky sessions would send it.
 */
import OpenAI from 'openai';
import { startAskSageSimulator, type RunningSimulator } from '@asksage-proxy/asksage-simulator';
import { startRedisServer, type TestRedisServer } from '../../../test-support/start-redis-server';
import { startProxyProcess, type ProxyProcess } from './support/start-proxy-process';

const KEY = 'replica-responses-key-'.padEnd(64, 'r');

describe('Responses API across replicas sharing Redis', () => {
  let simulator: RunningSimulator;
  let redis: TestRedisServer;
  let replicas: ProxyProcess[] = [];
  const client = (replica: ProxyProcess) => new OpenAI({ baseURL: replica.baseURL, apiKey: 'unused', maxRetries: 0 });

  beforeAll(async () => {
    redis = await startRedisServer();
    simulator = await startAskSageSimulator({ keys: [{ key: KEY }] });
    const config = {
      api_keys: [{ key: KEY, name: 'only' }],
      asksage_server_base_url: simulator.serverBaseUrl,
      asksage_user_base_url: simulator.userBaseUrl,
      redis_url: redis.url,
    };
    replicas = await Promise.all([0, 1, 2].map(() => startProxyProcess({ config })));
  });

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    await simulator?.close();
    await redis?.stop();
  });

  /** The messages of the last /query the simulator received, as text. */
  function lastQueryMessages(): string {
    const query = simulator.requests().filter((request) => request.path === '/server/query').at(-1);
    return JSON.stringify((query?.body as { message?: unknown } | undefined)?.message ?? '');
  }

  it('continues on replica 2 and 3 a conversation started on replica 1, and reads and deletes it anywhere', async () => {
    const [first, second, third] = replicas as [ProxyProcess, ProxyProcess, ProxyProcess];
    const started = await client(first).responses.create({ model: 'gpt-4o', input: 'My name is Ada.' });
    const continued = await client(second).responses.create({ model: 'gpt-4o', previous_response_id: started.id, input: 'What is my name?' });
    expect(continued.previous_response_id).toBe(started.id);
    expect(lastQueryMessages()).toContain('My name is Ada.');
    expect(lastQueryMessages()).toContain('What is my name?');
    const thirdTurn = await client(third).responses.create({ model: 'gpt-4o', previous_response_id: continued.id, input: 'And again?' });
    expect(lastQueryMessages()).toContain('My name is Ada.');
    expect(lastQueryMessages()).toContain('What is my name?');
    expect(thirdTurn.previous_response_id).toBe(continued.id);

    const fetched = await client(third).responses.retrieve(started.id);
    expect(fetched.id).toBe(started.id);
    await client(second).responses.delete(started.id);
    await expect(client(first).responses.retrieve(started.id)).rejects.toMatchObject({ status: 404 });
  });
});
