// What sharing the key pool through Redis costs one request: the same proxy twice, once with its in-memory key
// health (the default) and once with `redis_url` pointing at a redis-server started here on a free loopback port,
// sequential requests paired one by one (alternating which goes first), concurrency 10 in interleaved rounds. Also
// counts the Redis commands the proxy sends per request (INFO stats before and after), which is what explains the
// figure: on the happy path the pool sends none for key health, only the batched usage counters.
// Self-contained: `node bench/scenarios/measure-redis-pool.js [tiny|full] [https|http]` after `pnpm build`, or from
// bench/run.js (which passes the upstream it chose).
'use strict';

const { spawn, spawnSync } = require('node:child_process');
const http = require('node:http');
const net = require('node:net');
const path = require('node:path');
const { createChatRequest, shortPrompt } = require('../lib/bench-requests');
const { benchScales } = require('../lib/bench-scales');
const { createCheck } = require('../lib/create-check');
const { findFreePort } = require('../lib/find-free-port');
const { registerChildProcess } = require('../lib/process-registry');
const { runLoad, assertCleanLoad } = require('../lib/run-load');
const { throwIfAborted } = require('../lib/run-scenario');
const { percentile, median } = require('../lib/statistics');
const { describeUpstream, loadDemoKey, repositoryRoot, startProxy, startSimulator } = require('../lib/start-targets');

/** Starts redis-server (installing the Debian package first when missing) on a free 127.0.0.1 port. */
async function startRedis() {
  if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status !== 0) {
    const install = spawnSync('bash', [path.join(repositoryRoot, 'test-support/install-redis-server.sh')], { stdio: 'inherit' });
    if (install.status !== 0) throw new Error('redis-server is missing: run bash test-support/install-redis-server.sh');
  }
  const port = await findFreePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  registerChildProcess(child);
  for (let attempt = 0; attempt < 500; attempt += 1) {
    if (await redisCommand(port, 'PING').then(() => true, () => false)) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return { port, url: `redis://127.0.0.1:${port}`, stop: () => child.kill('SIGKILL') };
}

/** Sends one inline command and resolves with the raw reply (enough for PING and INFO). */
function redisCommand(port, command) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let reply = '';
    socket.on('error', reject);
    socket.on('data', (data) => {
      reply += data.toString();
      const header = /^\$(\d+)\r\n/.exec(reply);
      if (reply.startsWith('+') || reply.startsWith('-') || (header && reply.length >= header[0].length + Number(header[1]))) {
        socket.end();
        resolve(reply);
      }
    });
    socket.write(`${command}\r\n`);
  });
}

/** One non-streamed chat request over `agent`; resolves with its time to the last byte, ms. */
function timeOneRequest(url, body, agent) {
  return new Promise((resolve, reject) => {
    const startedAt = performance.now();
    const request = http.request(`${url}/v1/chat/completions`, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (response) => {
      if (response.statusCode !== 200) reject(new Error(`${url} answered ${response.statusCode}`));
      response.resume();
      response.on('end', () => resolve(performance.now() - startedAt));
    });
    request.on('error', reject);
    request.end(body);
  });
}

async function commandsProcessed(port) {
  const info = await redisCommand(port, 'INFO stats');
  return Number(/total_commands_processed:(\d+)/.exec(info)?.[1] ?? 0);
}

/**
 * @param {{ simulator: { url: string }, demoKey: string, model?: string, sizes: import('../lib/bench-scales').BenchScale,
 *   scope: import('../lib/run-scenario').ScenarioScope }} context
 */
async function measureRedisPool({ simulator, demoKey, upstream, model, sizes, scope }) {
  const redis = await startRedis();
  try {
    const memory = await scope.own(startProxy({ simulatorUrl: simulator.url, demoKey, upstream, name: 'proxy (in-memory pool)' }));
    const shared = await scope.own(startProxy({ simulatorUrl: simulator.url, demoKey, upstream, name: 'proxy (Redis pool)', config: { redis_url: redis.url } }));
    const body = JSON.stringify(createChatRequest(model ?? 'gpt-4o', shortPrompt));
    const load = (target) => ({ url: `${target.url}/v1/chat/completions`, headers: { 'content-type': 'application/json' }, body });
    const targets = { memory, redis: shared };
    for (const [name, target] of Object.entries(targets)) {
      assertCleanLoad(`warm-up ${name}`, await runLoad({ ...load(target), connections: 10, amount: sizes.warmupRequests, signal: scope.signal }));
    }
    const commandsBefore = await commandsProcessed(redis.port);
    // Sequential: request by request, alternating which target goes first, so the machine's drift (other processes on
    // a shared machine) lands on both sides of each pair; added = median of the paired differences.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const sequential = { memory: [], redis: [], added: [] };
    const pairs = sizes.sequentialRequests * sizes.runs;
    for (let index = 0; index < pairs; index += 1) {
      if (index % 100 === 0) throwIfAborted(scope.signal);
      const memoryFirst = index % 2 === 0;
      const first = await timeOneRequest(memoryFirst ? memory.url : shared.url, body, agent);
      const second = await timeOneRequest(memoryFirst ? shared.url : memory.url, body, agent);
      const [memoryMs, redisMs] = memoryFirst ? [first, second] : [second, first];
      sequential.memory.push(memoryMs);
      sequential.redis.push(redisMs);
      sequential.added.push(redisMs - memoryMs);
    }
    agent.destroy();
    let redisRequests = pairs;
    // Concurrency 10: interleaved rounds (order reversed every other round), added = redis - memory per round, median.
    const rounds = { memory: [], redis: [] };
    for (let round = 0; round < sizes.runs; round += 1) {
      for (const name of round % 2 === 0 ? ['memory', 'redis'] : ['redis', 'memory']) {
        throwIfAborted(scope.signal);
        const result = assertCleanLoad(`${name} at concurrency 10`, await runLoad({ ...load(targets[name]), connections: 10, amount: sizes.concurrentRequests, signal: scope.signal }));
        if (name === 'redis') redisRequests += result.completed;
        rounds[name].push({ p50: percentile(result.latenciesMs, 50), p99: percentile(result.latenciesMs, 99) });
      }
    }
    // The usage counters flush every 250 ms: wait one interval so the last batch is counted too.
    await new Promise((resolve) => setTimeout(resolve, 400));
    const commandsPerRequest = ((await commandsProcessed(redis.port)) - commandsBefore - 1) / Math.max(1, redisRequests);
    const added = (statistic) => median(rounds.redis.map((sample, index) => sample[statistic] - rounds.memory[index][statistic]));
    const medianOf = (name, statistic) => median(rounds[name].map((sample) => sample[statistic]));
    const details = {
      c1: {
        memory: { p50Ms: percentile(sequential.memory, 50), p99Ms: percentile(sequential.memory, 99) },
        redis: { p50Ms: percentile(sequential.redis, 50), p99Ms: percentile(sequential.redis, 99) },
        addedByRedis: { p50Ms: median(sequential.added) },
      },
      c10: {
        memory: { p50Ms: medianOf('memory', 'p50'), p99Ms: medianOf('memory', 'p99') },
        redis: { p50Ms: medianOf('redis', 'p50'), p99Ms: medianOf('redis', 'p99') },
        addedByRedis: { p50Ms: added('p50'), p99Ms: added('p99') },
      },
    };
    return {
      checks: [
        createCheck('Redis pool adds p50, sequential (paired)', details.c1.addedByRedis.p50Ms, 'ms', { comparison: '<=', limit: 0.5 }),
        createCheck('Redis pool adds p50, concurrency 10', details.c10.addedByRedis.p50Ms, 'ms', { comparison: '<=', limit: 1 }),
        createCheck('  Redis pool adds p99, concurrency 10', details.c10.addedByRedis.p99Ms, 'ms'),
        createCheck('  in-memory pool p50, sequential', details.c1.memory.p50Ms, 'ms'),
        createCheck('  Redis pool p50, sequential', details.c1.redis.p50Ms, 'ms'),
        createCheck('  Redis commands per request', Math.round(commandsPerRequest * 1000) / 1000, ''),
      ],
      details: { ...details, redisCommandsPerRequest: commandsPerRequest, rounds: sizes.runs, requestsPerRoundPerTarget: { c1: sizes.sequentialRequests, c10: sizes.concurrentRequests } },
    };
  } finally {
    redis.stop();
  }
}

module.exports = { measureRedisPool };

if (require.main === module) {
  (async () => {
    const scale = process.argv[2] === 'tiny' ? 'tiny' : 'full';
    const { runScenario } = require('../lib/run-scenario');
    const upstream = describeUpstream(process.argv[3] === 'http' ? 'http' : 'https');
    const simulator = await startSimulator({ upstream });
    try {
      const result = await runScenario('redis', 600_000, (scope) =>
        measureRedisPool({ simulator, demoKey: loadDemoKey(), upstream, sizes: benchScales[scale], scope }),
      );
      for (const check of result.checks) console.log(`${check.label.padEnd(40)} ${check.value} ${check.unit}${check.target ? ` (target ${check.target}: ${check.pass ? 'ok' : 'MISSED'})` : ''}`);
      console.log(JSON.stringify(result.details));
    } finally {
      await simulator.stop();
    }
  })().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
