#!/usr/bin/env node
// What a change buys, in CPU per request: several builds of the CLI bundle side by side, each in its own
// process in front of one simulator, with the pass-through as reference; rounds interleaved (order reversed
// every other round), median per target. CPU per request of the target's own process (/proc/<pid>/stat) moves
// far less than req/s when other work shares the machine; the minimum over rounds is the least disturbed.
//
//   node bench/compare-builds.js [--upstream https|http] [--rounds 4] [--requests 4000] [--connections 10] \
//     apps/cli/dist/before.js apps/cli/dist/after.js ['apps/cli/dist/after.js@--max-semi-space-size=4']
//
// A bundle must sit inside apps/cli/dist (copy it there under another name) so that it finds its npm
// dependencies and available_models.json. `path@flags` starts that bundle with extra Node flags.
'use strict';

const path = require('node:path');
const { createChatRequest, createDirectQueryBody, shortPrompt } = require('./lib/bench-requests');
const { killAllChildProcesses } = require('./lib/process-registry');
const { readCpuTimeMs } = require('./lib/read-cpu-time');
const { runLoad, assertCleanLoad } = require('./lib/run-load');
const { readRssBytes } = require('./lib/sample-rss');
const { describeUpstream, loadDemoKey, startPassThrough, startSimulator } = require('./lib/start-targets');
const { median, percentile } = require('./lib/statistics');
const { readLoadAverage } = require('./lib/describe-machine');

function readOption(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && index + 1 < process.argv.length ? process.argv[index + 1] : fallback;
}

async function main() {
  const optionNames = new Set(['--upstream', '--rounds', '--requests', '--connections']);
  const builds = process.argv.slice(2).filter((argument, index, all) => !argument.startsWith('--') && !optionNames.has(all[index - 1]));
  if (builds.length === 0) throw new Error('name at least one CLI bundle (see the header of bench/compare-builds.js)');
  const upstream = describeUpstream(readOption('upstream', 'https'));
  const rounds = Number(readOption('rounds', '4'));
  const requests = Number(readOption('requests', '4000'));
  const connections = Number(readOption('connections', '10'));
  const demoKey = loadDemoKey();
  const simulator = await startSimulator({ upstream });
  const targets = new Map();
  try {
    for (const build of builds) {
      const [bundle, flags = ''] = build.split('@');
      process.env.ASKSAGE_BENCH_CLI = path.resolve(bundle);
      delete require.cache[require.resolve('./lib/start-targets')];
      const { startProxy: startBuild } = require('./lib/start-targets');
      const proxy = await startBuild({ simulatorUrl: simulator.url, demoKey, upstream, name: build, nodeOptions: flags.split(' ').filter(Boolean) });
      targets.set(build, { process: proxy, url: `${proxy.url}/v1/chat/completions`, headers: { 'content-type': 'application/json' }, body: JSON.stringify(createChatRequest('gpt-4o-mini', shortPrompt)) });
    }
    const passThrough = await startPassThrough({ simulatorUrl: simulator.url, upstream });
    targets.set('pass-through', {
      process: passThrough,
      url: `${passThrough.url}/server/query`,
      headers: { 'content-type': 'application/json', 'x-access-tokens': demoKey },
      body: createDirectQueryBody('gpt-4o-mini', shortPrompt),
    });
    const samples = new Map([...targets.keys()].map((name) => [name, { cpuUs: [], p50: [], p99: [] }]));
    for (const [name, target] of targets) assertCleanLoad(`warm-up ${name}`, await runLoad({ ...target, connections, amount: 1000 }));
    const loadAtStart = readLoadAverage();
    for (let round = 0; round < rounds; round += 1) {
      const order = round % 2 === 0 ? [...targets.keys()] : [...targets.keys()].reverse();
      for (const name of order) {
        const target = targets.get(name);
        const before = readCpuTimeMs(target.process.pid);
        const result = assertCleanLoad(name, await runLoad({ ...target, connections, amount: requests }));
        const after = readCpuTimeMs(target.process.pid);
        const sample = samples.get(name);
        sample.cpuUs.push((1000 * (after - before)) / result.latenciesMs.length);
        sample.p50.push(percentile(result.latenciesMs, 50));
        sample.p99.push(percentile(result.latenciesMs, 99));
      }
    }
    console.log(`upstream ${upstream.scheme}, concurrency ${connections}, ${rounds} rounds of ${requests} requests; load average ${loadAtStart.join(', ')} -> ${readLoadAverage().join(', ')}`);
    for (const [name, sample] of samples) {
      console.log(
        `${name.padEnd(48)} CPU/request ${median(sample.cpuUs).toFixed(0).padStart(5)} µs median, ${Math.min(...sample.cpuUs).toFixed(0).padStart(5)} µs min (rounds ${sample.cpuUs.map((value) => value.toFixed(0)).join(', ')}), ` +
          `p50 ${median(sample.p50).toFixed(2)} ms, p99 ${median(sample.p99).toFixed(2)} ms, RSS ${(readRssBytes(targets.get(name).process.pid) / 1048576).toFixed(1)} MB`,
      );
    }
  } finally {
    for (const target of targets.values()) await target.process.stop();
    await simulator.stop();
  }
}

main().then(
  () => {
    killAllChildProcesses();
    process.exit(0);
  },
  (error) => {
    console.error(`compare-builds: ${error.message}`);
    killAllChildProcesses();
    process.exit(1);
  },
);
