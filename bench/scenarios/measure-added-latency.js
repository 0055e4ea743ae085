// Figure 1: what the proxy adds to one request, against calling the simulator directly.
// Targets are interleaved round by round (direct, proxy, pass-through, then reversed), and the
// overhead is taken per round (proxy minus direct of the same round) before the median, so drift
// of the machine over the run cancels instead of landing on whichever target ran last.
'use strict';

const { createDirectQueryBody, createChatRequest, shortPrompt } = require('../lib/bench-requests');
const { createCheck } = require('../lib/create-check');
const { runLoad, assertCleanLoad } = require('../lib/run-load');
const { throwIfAborted } = require('../lib/run-scenario');
const { percentile, median } = require('../lib/statistics');

/**
 * The three load definitions (direct simulator, proxy, pass-through) for the short prompt.
 * @param {import('../lib/start-shared-targets').SharedTargets} targets
 * @returns {Record<'direct' | 'proxy' | 'passThrough', { url: string, headers: Record<string, string>, body: string }>}
 */
function createLatencyLoads(targets) {
  const directBody = createDirectQueryBody(targets.models.directModel, shortPrompt);
  const directHeaders = { 'content-type': 'application/json', 'x-access-tokens': targets.demoKey };
  return {
    direct: { url: `${targets.simulator.url}/server/query`, headers: directHeaders, body: directBody },
    proxy: {
      url: `${targets.proxy.url}/v1/chat/completions`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(createChatRequest(targets.models.proxyModel, shortPrompt)),
    },
    passThrough: { url: `${targets.passThrough.url}/server/query`, headers: directHeaders, body: directBody },
  };
}

/**
 * Measures p50/p99 of the three targets at concurrency 1 and 10 and the proxy's added latency.
 * @param {{ targets: import('../lib/start-shared-targets').SharedTargets, sizes: import('../lib/bench-scales').BenchScale,
 *   scope: import('../lib/run-scenario').ScenarioScope }} context
 */
async function measureAddedLatency({ targets, sizes, scope }) {
  const loads = createLatencyLoads(targets);
  const names = /** @type {const} */ (['direct', 'proxy', 'passThrough']);
  for (const name of names) {
    assertCleanLoad(`warm-up ${name}`, await runLoad({ ...loads[name], connections: 10, amount: sizes.warmupRequests, signal: scope.signal }));
  }
  /** @type {Record<string, Record<string, { p50: number, p99: number }[]>>} */
  const rounds = { c1: { direct: [], proxy: [], passThrough: [] }, c10: { direct: [], proxy: [], passThrough: [] } };
  for (let round = 0; round < sizes.runs; round += 1) {
    const order = round % 2 === 0 ? names : [...names].reverse();
    for (const [key, connections, amount] of [['c1', 1, sizes.sequentialRequests], ['c10', 10, sizes.concurrentRequests]]) {
      for (const name of order) {
        throwIfAborted(scope.signal);
        const result = assertCleanLoad(`${name} at concurrency ${connections}`, await runLoad({ ...loads[name], connections, amount, signal: scope.signal }));
        rounds[key][name].push({ p50: percentile(result.latenciesMs, 50), p99: percentile(result.latenciesMs, 99) });
      }
    }
  }
  const addedBy = (key, name, statistic) => median(rounds[key][name].map((sample, index) => sample[statistic] - rounds[key].direct[index][statistic]));
  const medianOf = (key, name, statistic) => median(rounds[key][name].map((sample) => sample[statistic]));
  const details = {};
  for (const key of ['c1', 'c10']) {
    details[key] = {};
    for (const name of names) details[key][name] = { p50Ms: medianOf(key, name, 'p50'), p99Ms: medianOf(key, name, 'p99') };
    details[key].addedByProxy = { p50Ms: addedBy(key, 'proxy', 'p50'), p99Ms: addedBy(key, 'proxy', 'p99') };
    details[key].addedByPassThrough = { p50Ms: addedBy(key, 'passThrough', 'p50'), p99Ms: addedBy(key, 'passThrough', 'p99') };
  }
  return {
    checks: [
      createCheck('added latency p50, sequential', details.c1.addedByProxy.p50Ms, 'ms', { comparison: '<=', limit: 1 }),
      createCheck('added latency p50, concurrency 10', details.c10.addedByProxy.p50Ms, 'ms', { comparison: '<=', limit: 2 }),
      createCheck('added latency p99, concurrency 10', details.c10.addedByProxy.p99Ms, 'ms', { comparison: '<=', limit: 5 }),
      createCheck('  pass-through adds p50, sequential', details.c1.addedByPassThrough.p50Ms, 'ms'),
      createCheck('  pass-through adds p50, concurrency 10', details.c10.addedByPassThrough.p50Ms, 'ms'),
      createCheck('  direct p50, sequential', details.c1.direct.p50Ms, 'ms'),
      createCheck('  proxy p50, sequential', details.c1.proxy.p50Ms, 'ms'),
      createCheck('  proxy p99, concurrency 10', details.c10.proxy.p99Ms, 'ms'),
    ],
    details: {
      ...details,
      requestsPerRoundPerTarget: { c1: sizes.sequentialRequests, c10: sizes.concurrentRequests },
      rounds: sizes.runs,
    },
  };
}

module.exports = { measureAddedLatency, createLatencyLoads };
