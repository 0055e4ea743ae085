// Figure 5: cold start, from spawning the CLI to the first 200 on GET /health. This is what a user
// waits for after `asksage-proxy config.yaml`, and what an agent harness that spawns the proxy pays.
'use strict';

const { createCheck } = require('../lib/create-check');
const { readCpuTimeMs } = require('../lib/read-cpu-time');
const { throwIfAborted } = require('../lib/run-scenario');
const { startProxy } = require('../lib/start-targets');
const { median } = require('../lib/statistics');

/**
 * Spawns the proxy `coldStarts` times against the instant simulator; the median spawn-to-200 time.
 * @param {{ simulator: import('../lib/start-target-process').TargetProcess, demoKey: string, upstream: import('../lib/start-targets').Upstream,
 *   sizes: import('../lib/bench-scales').BenchScale, scope: import('../lib/run-scenario').ScenarioScope }} context
 */
async function measureColdStart({ simulator, demoKey, upstream, sizes, scope }) {
  const timesMs = [];
  // CPU the process used to get there: what a busy machine cannot inflate by taking the core away.
  const cpuTimesMs = [];
  for (let index = 0; index < sizes.coldStarts; index += 1) {
    throwIfAborted(scope.signal);
    const proxy = await scope.own(startProxy({ simulatorUrl: simulator.url, demoKey, upstream, name: `proxy (cold start ${index + 1})` }));
    timesMs.push(proxy.readyAfterMs);
    const cpuMs = readCpuTimeMs(proxy.pid);
    if (cpuMs !== undefined) cpuTimesMs.push(cpuMs);
    await proxy.stop();
  }
  const medianMs = median(timesMs);
  return {
    checks: [
      createCheck(`cold start to first 200 on /health, median of ${timesMs.length}`, medianMs, 'ms', { comparison: '<', limit: 700 }),
      createCheck('  CPU time of the proxy until then, median', median(cpuTimesMs), 'ms'),
    ],
    details: { starts: timesMs.length, medianMs, timesMs, cpuTimesMs },
  };
}

module.exports = { measureColdStart };
