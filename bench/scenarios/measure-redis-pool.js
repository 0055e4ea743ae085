// What sharing the key pool through Redis costs one request: the same proxy twice, once with its in-memory key
// health (the default) and once with `redis_url` pointing at a redis-server started here on a free loopback port,
// interleaved round by round (order reversed every other round); added = redis - memory per round, median. Also
// counts the Redis commands the proxy sends per request (INFO stats before and after), which is what explains the
// figure: on the happy path the pool sends none for key health, only the batched usage counters.
// Self-contained: `node bench/scenarios/measure-redis-pool.js [tiny|full]` after `pnpm build`, or from bench/run.js.
'use strict';

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { createChatRequest, shortPrompt } = require('../lib/bench-requests');
const { benchScales } = require('../lib/bench-scales');
const { createCheck } = require('../lib/create-check');
const { findFreePort } = require('../lib/find-free-port');
const { registerChildProcess, registerExitCleanup } = require('../lib/process-registry');
const { runLoad, assertCleanLoad } = require('../lib/run-load');
const { throwIfAborted } = require('../lib/run-scenario');
const { percentile, median } = require('../lib/statistics');
const { cliBundlePath, loadDemoKey, repositoryRoot, startSimulator } = require('../lib/start-targets');
const { startTargetProcess } = require('../lib/start-target-process');

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

async function commandsProcessed(port) {
  const info = await redisCommand(port, 'INFO stats');
  return Number(/total_commands_processed:(\d+)/.exec(info)?.[1] ?? 0);
}

/** The proxy as users run it (built CLI, config.yaml, empty HOME), with or without `redis_url`. */
async function startProxy({ simulatorUrl, demoKey, redisUrl, name }) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'asksage-proxy-bench-redis-'));
  const removeHome = () => fs.rmSync(home, { recursive: true, force: true });
  const unregister = registerExitCleanup(removeHome);
  const port = await findFreePort();
  const lines = [
    `host: "127.0.0.1"`,
    `port: ${port}`,
    'api_keys:',
    `  - key: ${JSON.stringify(demoKey)}`,
    '    name: "bench"',
    `asksage_server_base_url: ${JSON.stringify(`${simulatorUrl}/server`)}`,
    `asksage_user_base_url: ${JSON.stringify(`${simulatorUrl}/user`)}`,
  ];
  if (redisUrl) lines.push(`redis_url: ${JSON.stringify(redisUrl)}`);
  fs.writeFileSync(path.join(home, 'config.yaml'), `${lines.join('\n')}\n`, { mode: 0o600 });
  const url = `http://127.0.0.1:${port}`;
  return startTargetProcess({
    name,
    args: [cliBundlePath, path.join(home, 'config.yaml')],
    cwd: home,
    env: { PATH: process.env.PATH ?? '', HOME: home },
    logFile: path.join(home, 'proxy.log'),
    readiness: { kind: 'health', url },
    onStopped: () => {
      removeHome();
      unregister();
    },
  });
}

/**
 * @param {{ simulator: { url: string }, demoKey: string, model?: string, sizes: import('../lib/bench-scales').BenchScale,
 *   scope: import('../lib/run-scenario').ScenarioScope }} context
 */
async function measureRedisPool({ simulator, demoKey, model, sizes, scope }) {
  const redis = await startRedis();
  try {
    const memory = await scope.own(startProxy({ simulatorUrl: simulator.url, demoKey, name: 'proxy (in-memory pool)' }));
    const shared = await scope.own(startProxy({ simulatorUrl: simulator.url, demoKey, redisUrl: redis.url, name: 'proxy (Redis pool)' }));
    const body = JSON.stringify(createChatRequest(model ?? 'gpt-4o', shortPrompt));
    const load = (target) => ({ url: `${target.url}/v1/chat/completions`, headers: { 'content-type': 'application/json' }, body });
    const targets = { memory, redis: shared };
    for (const [name, target] of Object.entries(targets)) {
      assertCleanLoad(`warm-up ${name}`, await runLoad({ ...load(target), connections: 10, amount: sizes.warmupRequests, signal: scope.signal }));
    }
    const rounds = { c1: { memory: [], redis: [] }, c10: { memory: [], redis: [] } };
    let redisRequests = 0;
    const commandsBefore = await commandsProcessed(redis.port);
    for (let round = 0; round < sizes.runs; round += 1) {
      const order = round % 2 === 0 ? ['memory', 'redis'] : ['redis', 'memory'];
      for (const [key, connections, amount] of [['c1', 1, sizes.sequentialRequests], ['c10', 10, sizes.concurrentRequests]]) {
        for (const name of order) {
          throwIfAborted(scope.signal);
          const result = assertCleanLoad(`${name} at concurrency ${connections}`, await runLoad({ ...load(targets[name]), connections, amount, signal: scope.signal }));
          if (name === 'redis') redisRequests += result.completed;
          rounds[key][name].push({ p50: percentile(result.latenciesMs, 50), p99: percentile(result.latenciesMs, 99) });
        }
      }
    }
    // The usage counters flush every 250 ms: wait one interval so the last batch is counted too.
    await new Promise((resolve) => setTimeout(resolve, 400));
    const commandsPerRequest = ((await commandsProcessed(redis.port)) - commandsBefore - 1) / Math.max(1, redisRequests);
    const added = (key, statistic) => median(rounds[key].redis.map((sample, index) => sample[statistic] - rounds[key].memory[index][statistic]));
    const medianOf = (key, name, statistic) => median(rounds[key][name].map((sample) => sample[statistic]));
    const details = {};
    for (const key of ['c1', 'c10']) {
      details[key] = {
        memory: { p50Ms: medianOf(key, 'memory', 'p50'), p99Ms: medianOf(key, 'memory', 'p99') },
        redis: { p50Ms: medianOf(key, 'redis', 'p50'), p99Ms: medianOf(key, 'redis', 'p99') },
        addedByRedis: { p50Ms: added(key, 'p50'), p99Ms: added(key, 'p99') },
      };
    }
    return {
      checks: [
        createCheck('Redis pool adds p50, sequential', details.c1.addedByRedis.p50Ms, 'ms', { comparison: '<=', limit: 0.5 }),
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
    const simulator = await startSimulator();
    try {
      const result = await runScenario('redis', 600_000, (scope) =>
        measureRedisPool({ simulator, demoKey: loadDemoKey(), sizes: benchScales[scale], scope }),
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
