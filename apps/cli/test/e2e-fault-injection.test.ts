/**
 * The fault-injection suite: the CLI-started proxy against the simulator's faults, over 1 and 3 keys,
 * streamed and not, many requests in parallel. Every request must end in a valid completion or a
 * well-formed OpenAI error; none may hang; nothing may be lost while a healthy key exists; the proxy
 * must stay up. Prints the matrix it ran.
 */
import { startAskSageSimulator, type RunningSimulator, type SimulatorFault } from '@asksage-proxy/asksage-simulator';
import { driveChatRequest, type ChatOutcome } from './support/drive-chat-request';
import { startProxyProcess, type ProxyProcess } from './support/start-proxy-process';

const keys = ['fault-key-a', 'fault-key-b', 'fault-key-c'].map((prefix) => prefix.padEnd(64, 'x'));
const faulty = keys[0] as string;

const faults: Array<{ name: string; fault: SimulatorFault }> = [
  { name: '429 with Retry-After', fault: { kind: 'http', status: 429, retryAfter: 2, body: { response: 'Too many requests', status: 429 } } },
  { name: '429 without Retry-After', fault: { kind: 'http', status: 429, body: { response: 'Too many requests', status: 429 } } },
  { name: 'HTTP 500', fault: { kind: 'http', status: 500, body: { response: 'Internal server error', status: 500, error_ref: 'e2e' } } },
  { name: 'HTTP 503', fault: { kind: 'http', status: 503, retryAfter: 1, body: { response: 'Service temporarily unavailable', status: 503 } } },
  { name: 'timeout (stalled upstream)', fault: { kind: 'stall' } },
  { name: 'connection reset', fault: { kind: 'reset' } },
  { name: 'reset mid-response', fault: { kind: 'reset-mid-body' } },
  { name: 'truncated JSON', fault: { kind: 'bad-json' } },
  { name: 'HTML error page', fault: { kind: 'html', status: 502 } },
  { name: 'HTTP-200 "Token is invalid"', fault: { kind: 'envelope', status: 400, text: 'Token is invalid [2]' } },
  { name: 'HTTP-200 "model is overloaded"', fault: { kind: 'overloaded' } },
];

const matrix: string[] = [];

function tally(outcomes: ChatOutcome[]): Record<ChatOutcome['kind'], number> {
  const counts = { completion: 0, error: 0, malformed: 0, hung: 0 };
  for (const outcome of outcomes) counts[outcome.kind] += 1;
  return counts;
}

function requestBodies(count: number): Array<Record<string, unknown>> {
  return Array.from({ length: count }, (_, index) => ({
    model: 'gpt-4o',
    messages: [{ role: 'user', content: `request ${index}` }],
    stream: index % 2 === 1,
  }));
}

async function startProxy(simulator: RunningSimulator, keyCount: number, env?: Record<string, string>): Promise<ProxyProcess> {
  return startProxyProcess({
    env,
    config: {
      api_keys: keys.slice(0, keyCount).map((key, index) => ({ key, name: `key-${'abc'[index]}` })),
      asksage_server_base_url: simulator.serverBaseUrl,
      asksage_user_base_url: simulator.userBaseUrl,
      timeout_seconds: 1,
      connect_timeout_seconds: 1,
      max_attempts: 3,
    },
  });
}

describe('fault injection through the real CLI', () => {
  let simulator: RunningSimulator;

  beforeAll(async () => {
    simulator = await startAskSageSimulator({ keys: keys.map((key) => ({ key })) });
  });

  afterAll(async () => {
    await simulator?.close();
    process.stdout.write(`\nFault-injection matrix (fault x keys: completions/errors/malformed/hung):\n${matrix.join('\n')}\n`);
  });

  describe.each(faults)('$name', ({ name, fault }) => {
    it('over 3 keys with one key faulty: every request still gets its completion', async () => {
      simulator.reset();
      simulator.injectFault({ ...fault, match: { key: faulty }, times: 'always' });
      const proxy = await startProxy(simulator, 3);
      try {
        const outcomes = await Promise.all(requestBodies(24).map((body) => driveChatRequest(proxy.url, body)));
        const counts = tally(outcomes);
        matrix.push(`  ${name.padEnd(34)} x 3 keys: ${counts.completion}/${counts.error}/${counts.malformed}/${counts.hung}`);
        expect(outcomes.filter((outcome) => outcome.kind !== 'completion')).toEqual([]);
        expect(proxy.child.exitCode).toBeNull();
      } finally {
        await proxy.stop();
      }
    });

    it('over 1 faulty key: every request ends in a well-formed OpenAI error, none hangs', async () => {
      simulator.reset();
      simulator.injectFault({ ...fault, match: { key: faulty }, times: 'always' });
      const proxy = await startProxy(simulator, 1);
      try {
        const outcomes = await Promise.all(requestBodies(8).map((body) => driveChatRequest(proxy.url, body)));
        const counts = tally(outcomes);
        matrix.push(`  ${name.padEnd(34)} x 1 key : ${counts.completion}/${counts.error}/${counts.malformed}/${counts.hung}`);
        expect(outcomes.filter((outcome) => outcome.kind !== 'error')).toEqual([]);
        for (const outcome of outcomes) {
          if (outcome.kind === 'error' && !outcome.inBand) expect(outcome.status).toBeGreaterThanOrEqual(400);
        }
        const health = await fetch(`${proxy.url}/health`);
        expect([200, 503]).toContain(health.status);
      } finally {
        await proxy.stop();
      }
    });
  });

  it('a few hundred parallel requests with random faults on every key: each ends cleanly, none hangs', async () => {
    simulator.reset();
    for (const { fault } of faults) simulator.injectFault({ ...fault, times: 'always', probability: 0.03 });
    // The proxy lists what is still open after its shutdown: sockets, servers or timers left behind are leaks.
    const proxy = await startProxy(simulator, 3, { ASKSAGE_PROXY_REPORT_OPEN_HANDLES: '1' });
    try {
      const outcomes = await Promise.all(requestBodies(300).map((body) => driveChatRequest(proxy.url, body)));
      const counts = tally(outcomes);
      matrix.push(`  ${'random mix, 300 parallel'.padEnd(34)} x 3 keys: ${counts.completion}/${counts.error}/${counts.malformed}/${counts.hung}`);
      expect(counts.malformed).toBe(0);
      expect(counts.hung).toBe(0);
      expect(counts.completion).toBeGreaterThan(0);
      // Random "Token is invalid" and 429 replies legitimately take keys out, so errors are expected here;
      // each must be a failure the client can act on, never a proxy bug.
      const codes = new Set(outcomes.flatMap((outcome) => (outcome.kind === 'error' ? [outcome.code] : [])));
      const expected = ['upstream_rate_limited', 'upstream_unavailable', 'upstream_timeout', 'upstream_bad_response', 'upstream_authentication', 'model_overloaded', 'no_healthy_key'];
      expect([...codes].filter((code) => !expected.includes(code))).toEqual([]);
      expect(proxy.child.exitCode).toBeNull();
      expect(await proxy.stop()).toBe(0);
      expect(proxy.output()).toContain('open handles at exit: none');
    } finally {
      await proxy.stop();
    }
  });

  it('one of three keys revoked mid-load costs no request', async () => {
    simulator.reset();
    const proxy = await startProxy(simulator, 3);
    try {
      // 20 requests in flight at a time; key-b is revoked once 60 have completed, while others are under way.
      const bodies = requestBodies(240);
      const outcomes: ChatOutcome[] = [];
      let next = 0;
      let revokedWhileInFlight = false;
      let revokedAtRequest = Number.POSITIVE_INFINITY;
      const worker = async (): Promise<void> => {
        while (next < bodies.length) {
          const body = bodies[next] as Record<string, unknown>;
          next += 1;
          outcomes.push(await driveChatRequest(proxy.url, body));
          if (outcomes.length === 60) {
            simulator.setKeyInvalid(keys[1] as string, true);
            revokedAtRequest = simulator.requests().length;
            revokedWhileInFlight = next > outcomes.length;
          }
        }
      };
      await Promise.all(Array.from({ length: 20 }, worker));
      expect(revokedWhileInFlight).toBe(true);
      // The revoked key really was tried after its revocation (and failed over), not just avoided.
      expect(simulator.requests().slice(revokedAtRequest).some((request) => request.resolvedKey === keys[1])).toBe(true);
      const counts = tally(outcomes);
      matrix.push(`  ${'key-b revoked mid-load, 240 requests'.padEnd(34)} x 3 keys: ${counts.completion}/${counts.error}/${counts.malformed}/${counts.hung}`);
      expect(outcomes.filter((outcome) => outcome.kind !== 'completion')).toEqual([]);
      const health = (await (await fetch(`${proxy.url}/health`)).json()) as { status: string; keys: Array<{ name: string; state: string }> };
      expect(health.status).toBe('degraded');
      expect(health.keys.find((key) => key.name === 'key-b')?.state).toBe('invalid');
      expect(JSON.stringify(health)).not.toContain(keys[1]);
    } finally {
      simulator.setKeyInvalid(keys[1] as string, false);
      await proxy.stop();
    }
  });
});
