#!/usr/bin/env node
// The benchmark suite: `pnpm bench` (builds first) or `node bench/run.js [--scale tiny] [--upstream http] [--only ...]`.
// Orchestrates target processes (simulator, proxy, pass-through), generates load from this process
// with autocannon, prints a table against the targets, writes bench/results/latest.json and the
// figures block of docs/benchmarks.md. Method and bounds: docs/benchmarks.md.
'use strict';

const { parseBenchArguments, scenarioNames, usage } = require('./lib/parse-bench-arguments');
const { describeCommit, describeMachine, readLoadAverage } = require('./lib/describe-machine');
const { killAllChildProcesses } = require('./lib/process-registry');
const { runScenario } = require('./lib/run-scenario');
const { startSharedTargets } = require('./lib/start-shared-targets');
const { assertBuildOutputsExist, describeUpstream, loadDemoKey, repositoryRoot, startSimulator } = require('./lib/start-targets');
const { formatResultsTable } = require('./report/format-results-table');
const { writeResults } = require('./report/write-results');
const { measureAddedLatency } = require('./scenarios/measure-added-latency');
const { measureColdStart } = require('./scenarios/measure-cold-start');
const { measureMemory } = require('./scenarios/measure-memory');
const { measureStreaming } = require('./scenarios/measure-streaming');
const { measureThroughput } = require('./scenarios/measure-throughput');
const { measureTimeToFirstToken } = require('./scenarios/measure-time-to-first-token');
const { runPassthroughTtft } = require('./scenarios/measure-passthrough-ttft');

const scenarios = {
  latency: { title: 'Added latency, proxy vs direct simulator', needsSharedTargets: true, measure: measureAddedLatency },
  throughput: { title: 'Throughput at concurrency 64', needsSharedTargets: true, measure: measureThroughput },
  streaming: { title: 'Streaming a long answer', needsSharedTargets: true, measure: measureStreaming },
  ttft: { title: 'Time to first token (native streaming)', needsSharedTargets: true, measure: measureTimeToFirstToken },
  redis: { title: 'Redis-backed key pool vs in-memory', needsSharedTargets: false, measure: require('./scenarios/measure-redis-pool').measureRedisPool },
  memory: { title: 'Memory of the proxy process', needsSharedTargets: false, measure: measureMemory },
  'cold-start': { title: 'Cold start', needsSharedTargets: false, measure: measureColdStart },
};

const upstreamMethods = {
  https:
    'upstream = the simulator over HTTPS (--tls, its test certificate); the proxy has cert_path = the simulator test CA, ' +
    'the pass-through trusts Node roots + the same CA through one secure context; both keep TLS connections alive.',
  http: 'upstream = the simulator over plain HTTP (--upstream http); no TLS on any hop.',
};

const method = {
  targets:
    'direct = simulator /server/query with x-access-tokens; proxy = built CLI /v1/chat/completions (default logging, temp HOME); ' +
    'pass-through = bench/pass-through.js, a bare Node hop over a keep-alive agent to /server/query. Each in its own process; ' +
    'autocannon runs in the orchestrator process.',
  latency: 'p50/p99 of exact per-response times; targets interleaved per round (order reversed every other round); added = proxy - direct per round, median over rounds.',
  throughput: '2xx responses per second at 64 connections; proxy and pass-through interleaved; ratio per round, median.',
  streaming: '(time to data: [DONE] through the proxy) - (time for the simulator to return the same answer directly), paired runs, median; streamed text compared with the non-stream answer.',
  ttft: '(first text delta through the proxy) - (first frame of the simulator\'s own streamed answer), frames paced 25 ms apart, paired runs, median.',
  memory: 'peak VmRSS sampled every 100 ms while N streams are open on a slow simulator; drift = RSS after all requests vs after warm-up (alternating plain and streamed requests, concurrency 10).',
  coldStart: 'spawn of the CLI to the first 200 on GET /health, median.',
};

async function main() {
  let options;
  try {
    options = parseBenchArguments(process.argv.slice(2));
  } catch (error) {
    console.error(`bench: ${error.message}`);
    return 2;
  }
  if (options.help) {
    console.log(usage);
    return 0;
  }
  assertBuildOutputsExist();
  const demoKey = loadDemoKey();
  const upstream = describeUpstream(options.upstream);
  const machine = describeMachine();
  const loadAtStart = readLoadAverage();
  const commit = describeCommit(repositoryRoot);
  console.log(
    `asksage-proxy bench: scale ${options.scale}, upstream ${options.upstream}${upstream.caPath ? ' (cert_path = the simulator test CA)' : ''}, ` +
      `scenarios ${options.scenarios.join(', ')}\n` +
      `machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.totalMemoryMb} MB, Node ${machine.node}; commit ${commit}; ` +
      `load average ${loadAtStart.join(', ')}\n`,
  );

  const results = [];
  const simulator = await startSimulator({ upstream });
  let shared;
  let sharedError;
  try {
    if (options.scenarios.some((name) => scenarios[name].needsSharedTargets)) {
      try {
        shared = await startSharedTargets({ simulator, demoKey, upstream, model: options.model });
        console.log(`model: ${shared.models.proxyModel} via the proxy, ${shared.models.directModel} direct\n`);
      } catch (error) {
        sharedError = error;
        console.error(`bench: ${error.message}\n`);
      }
    }
    for (const name of options.scenarios) {
      const scenario = scenarios[name];
      const startedAt = Date.now();
      process.stdout.write(`running ${name} ... `);
      const base = { id: name, title: scenario.title, measuredAt: new Date().toISOString(), commit, upstream: options.upstream, loadAverageAtStart: readLoadAverage() };
      try {
        if (scenario.needsSharedTargets && !shared) {
          const firstVictim = results.find((result) => scenarios[result.id].needsSharedTargets);
          throw firstVictim ? new Error(`not run: the shared proxy and pass-through did not start (see [${firstVictim.id}])`) : sharedError;
        }
        const measured = await runScenario(name, options.sizes.timeLimitsMs[name], (scope) =>
          scenario.measure({ targets: shared, simulator, demoKey, upstream, model: options.model, sizes: options.sizes, scope }),
        );
        results.push({ ...base, ...measured });
        console.log(`done in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
      } catch (error) {
        results.push({ ...base, error: error.message });
        console.log(`FAILED after ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
      }
    }
    // Time to first token in passthrough mode runs with the ttft figure (its own paced simulator and proxy).
    if (options.scenarios.includes('ttft')) results.push(await runPassthroughTtft({ options, demoKey, commit }));
  } finally {
    await shared?.stop();
    await simulator.stop();
  }

  const loadAverage = { atStart: loadAtStart, atEnd: readLoadAverage() };
  console.log(`\n${formatResultsTable(results)}\n\nload average (1, 5, 15 min) at start ${loadAverage.atStart.join(', ')}, at end ${loadAverage.atEnd.join(', ')}\n`);
  if (options.write) {
    const written = writeResults({
      repositoryRoot,
      scale: options.scale,
      scenarioOrder: scenarioNames,
      results: {
        date: new Date().toISOString(),
        commit,
        scale: options.scale,
        upstream: options.upstream,
        machine,
        loadAverage,
        method: { ...method, upstream: upstreamMethods[options.upstream], sizes: options.sizes },
        scenarios: results,
      },
    });
    console.log(`wrote ${written.join(', ')}`);
  }
  return results.some((result) => result.error) ? 1 : 0;
}

main().then(
  (code) => {
    killAllChildProcesses();
    process.exit(code);
  },
  (error) => {
    console.error(`bench: ${error.message}`);
    killAllChildProcesses();
    process.exit(1);
  },
);
