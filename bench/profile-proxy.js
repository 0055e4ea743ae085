#!/usr/bin/env node
// Profiles the proxy as `pnpm bench` runs it (built CLI, HTTPS simulator, cert_path) under autocannon load:
//   node bench/profile-proxy.js [--upstream https|http] [--connections 64] [--seconds 10] [--out DIR] [--heap]
// Writes the V8 CPU profile (`node --cpu-prof`) of the proxy process to DIR and prints the top self-time
// functions and the share of CPU per package. With --heap, also writes a heap snapshot of the proxy idle after
// start and after the load (`--heapsnapshot-signal=SIGUSR2`). Not a benchmark: profiling slows the proxy down.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { setTimeout: sleep } = require('node:timers/promises');
const { chooseModels, createChatRequest, shortPrompt } = require('./lib/bench-requests');
const { killAllChildProcesses } = require('./lib/process-registry');
const { runLoad } = require('./lib/run-load');
const { createBundleFrameResolver, summarizeCpuProfile } = require('./lib/summarize-cpu-profile');
const { cliBundlePath, describeUpstream, loadDemoKey, repositoryRoot, startProxy, startSimulator } = require('./lib/start-targets');

function readOption(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && index + 1 < process.argv.length ? process.argv[index + 1] : fallback;
}

async function main() {
  const upstream = describeUpstream(readOption('upstream', 'https'));
  const connections = Number(readOption('connections', '64'));
  const seconds = Number(readOption('seconds', '10'));
  const out = path.resolve(readOption('out', fs.mkdtempSync('/tmp/asksage-proxy-profile-')));
  const heap = process.argv.includes('--heap');
  fs.mkdirSync(out, { recursive: true });
  const demoKey = loadDemoKey();
  const simulator = await startSimulator({ upstream });
  const nodeOptions = [`--cpu-prof`, `--cpu-prof-dir=${out}`, ...(heap ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${out}`] : [])];
  const proxy = await startProxy({ simulatorUrl: simulator.url, demoKey, upstream, nodeOptions });
  try {
    const { proxyModel } = await chooseModels({ proxyUrl: proxy.url, simulatorUrl: simulator.url, simulatorCa: simulator.ca, demoKey });
    if (heap) {
      await sleep(500);
      process.kill(proxy.pid, 'SIGUSR2');
      await sleep(3000);
    }
    const load = {
      url: `${proxy.url}/v1/chat/completions`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(createChatRequest(proxyModel, shortPrompt)),
      connections,
    };
    await runLoad({ ...load, durationSeconds: 2 });
    const result = await runLoad({ ...load, durationSeconds: seconds });
    console.log(`upstream ${upstream.scheme}, c${connections}, ${seconds} s: ${Math.round(result.requestsPerSecond)} req/s, ${result.non2xx} non-2xx, ${result.errors} errors`);
    if (heap) {
      await sleep(1000);
      process.kill(proxy.pid, 'SIGUSR2');
      await sleep(3000);
    }
  } finally {
    await proxy.stop();
    await simulator.stop();
  }
  const profiles = fs.readdirSync(out).filter((name) => name.endsWith('.cpuprofile'));
  if (profiles.length === 0) throw new Error(`no .cpuprofile in ${out}: the proxy did not exit cleanly`);
  const file = path.join(out, profiles[0]);
  const resolveFrame = createBundleFrameResolver(cliBundlePath, repositoryRoot);
  console.log(summarizeCpuProfile(JSON.parse(fs.readFileSync(file, 'utf8')), resolveFrame ? { resolveFrame } : {}));
  console.log(`\nprofile: ${file}${heap ? `\nheap snapshots: ${out}/*.heapsnapshot` : ''}`);
}

main().then(
  () => {
    killAllChildProcesses();
    process.exit(0);
  },
  (error) => {
    console.error(`profile: ${error.message}`);
    killAllChildProcesses();
    process.exit(1);
  },
);
