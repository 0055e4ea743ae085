// Figure 4: memory of the proxy process.
// (a) Peak RSS while many streams are held open on a slow upstream: each open stream costs the proxy
//     an inbound socket, an upstream socket, a request context and a heartbeat timer; this is where a
//     per-request leak or a buffer per stream shows up.
// (b) RSS drift over many requests: RSS after a warm-up against RSS after the whole series. V8 grows
//     its heap to a plateau during warm-up; growth after that is what a leak looks like. The peak RSS
//     sampled during the series is the "after sustained load" figure of issue 9.
'use strict';

const http = require('node:http');
const { setTimeout: sleep } = require('node:timers/promises');
const { chooseModels, createChatRequest, shortPrompt } = require('../lib/bench-requests');
const { createCheck } = require('../lib/create-check');
const { readChatStream } = require('../lib/read-chat-stream');
const { runLoad, assertCleanLoad } = require('../lib/run-load');
const { throwIfAborted } = require('../lib/run-scenario');
const { readRssBytes, startRssSampler } = require('../lib/sample-rss');
const { startProxy, startSimulator } = require('../lib/start-targets');
const { median } = require('../lib/statistics');

const megabyte = 1024 * 1024;

/**
 * Measures peak RSS with many open streams, then RSS drift over a long series of requests.
 * @param {{ simulator: import('../lib/start-target-process').TargetProcess & { ca: string | undefined }, demoKey: string,
 *   upstream: import('../lib/start-targets').Upstream,
 *   targets?: import('../lib/start-shared-targets').SharedTargets, model?: string,
 *   sizes: import('../lib/bench-scales').BenchScale, scope: import('../lib/run-scenario').ScenarioScope }} context
 */
async function measureMemory(context) {
  const settling = await startIdleProxy(context);
  const open = await measureOpenStreams(context);
  throwIfAborted(context.scope.signal);
  const idle = await settling.read();
  throwIfAborted(context.scope.signal);
  const drift = await measureDrift(context);
  return {
    checks: [
      createCheck(`peak RSS, ${open.streams} open streams`, open.peakRssMb, 'MB', { comparison: '<=', limit: 150 }),
      createCheck(`peak RSS under sustained load, ${drift.totalRequests} requests at concurrency 10`, drift.peakRssUnderLoadMb, 'MB', { comparison: '<=', limit: 150 }),
      createCheck(`RSS drift over ${drift.totalRequests} requests`, drift.driftPercent, '%', { comparison: '<', limit: 10 }),
      createCheck('  idle RSS after start', open.idleRssMb, 'MB'),
      createCheck(`  idle RSS ${idle.seconds} s after start`, idle.rssMb, 'MB'),
    ],
    details: { openStreams: open, settledIdle: idle, drift },
  };
}

async function measureOpenStreams({ demoKey, upstream, sizes, scope, model, targets }) {
  const slowSimulator = await scope.own(startSimulator({ name: 'slow simulator', latencyMs: sizes.slowUpstreamMs, upstream }));
  const proxy = await scope.own(
    startProxy({ simulatorUrl: slowSimulator.url, demoKey, upstream, name: 'proxy (open streams)', timeoutMs: sizes.slowUpstreamMs + 20_000 }),
  );
  const proxyModel =
    targets?.models.proxyModel ??
    (await chooseModels({ proxyUrl: proxy.url, simulatorUrl: slowSimulator.url, simulatorCa: slowSimulator.ca, demoKey, model })).proxyModel;
  await sleep(500);
  const idleRss = readRssBytes(proxy.pid) ?? Number.NaN;
  const agent = new http.Agent({ keepAlive: true, maxSockets: sizes.openStreams + 16 });
  const sampler = startRssSampler(proxy.pid, 100);
  const startedAt = Date.now();
  try {
    const body = createChatRequest(proxyModel, shortPrompt, true);
    const url = `${proxy.url}/v1/chat/completions`;
    const results = await Promise.allSettled(
      Array.from({ length: sizes.openStreams }, () => readChatStream(url, body, { agent, timeoutMs: sizes.slowUpstreamMs * 10 + 60_000 })),
    );
    const completed = results.filter((result) => result.status === 'fulfilled' && result.value.done && result.value.status === 200 && !result.value.error);
    if (completed.length !== sizes.openStreams) {
      const failure = results.find((result) => result.status === 'rejected' || !result.value.done || result.value.error);
      const reason = failure?.status === 'rejected' ? failure.reason.message : `status ${failure?.value.status} ${failure?.value.error ?? 'no [DONE]'}`;
      throw new Error(`only ${completed.length} of ${sizes.openStreams} streams reached [DONE]; first failure: ${reason}`);
    }
  } finally {
    agent.destroy();
  }
  const { peakBytes, samples } = sampler.stop();
  return {
    streams: sizes.openStreams,
    upstreamLatencyMs: sizes.slowUpstreamMs,
    idleRssMb: idleRss / megabyte,
    peakRssMb: peakBytes / megabyte,
    samples,
    allStreamsDoneAfterMs: Date.now() - startedAt,
  };
}

/**
 * A proxy started first and left alone, read `sizes.idleSettleMs` after its start: some seconds into an idle run V8's
 * memory reducer compacts the heap and returns pages (about 8 s after start on Node 20), so this is what a proxy
 * waiting for work holds, against the reading right after start. Its own process, so the open-streams test that runs
 * meanwhile changes nothing in it.
 */
async function startIdleProxy({ simulator, demoKey, upstream, sizes, scope }) {
  const startedAt = Date.now();
  const proxy = await scope.own(startProxy({ simulatorUrl: simulator.url, demoKey, upstream, name: 'proxy (idle)' }));
  return {
    async read() {
      await sleep(Math.max(0, sizes.idleSettleMs - (Date.now() - startedAt)));
      // At least idleSettleMs; later when the open-streams test ran longer (a slow host): the label says which.
      const seconds = Math.round((Date.now() - startedAt) / 1000);
      const rss = readRssBytes(proxy.pid) ?? Number.NaN;
      await proxy.stop();
      return { seconds, rssMb: rss / megabyte };
    },
  };
}

async function measureDrift({ simulator, demoKey, upstream, sizes, scope, model, targets }) {
  const proxy = await scope.own(startProxy({ simulatorUrl: simulator.url, demoKey, upstream, name: 'proxy (drift)' }));
  const proxyModel =
    targets?.models.proxyModel ??
    (await chooseModels({ proxyUrl: proxy.url, simulatorUrl: simulator.url, simulatorCa: simulator.ca, demoKey, model })).proxyModel;
  const headers = { 'content-type': 'application/json' };
  // Alternate plain and streamed completions: both paths must hold steady.
  const requests = [false, true].map((stream) => ({
    method: 'POST',
    path: '/v1/chat/completions',
    headers,
    body: JSON.stringify(createChatRequest(proxyModel, shortPrompt, stream)),
  }));
  const load = (amount) => runLoad({ url: proxy.url, requests, connections: 10, amount, signal: scope.signal });
  assertCleanLoad('drift warm-up', await load(sizes.driftWarmupRequests));
  const afterWarmup = await readSettledRss(proxy.pid);
  throwIfAborted(scope.signal);
  const sampler = startRssSampler(proxy.pid, 100);
  let peakBytes;
  try {
    assertCleanLoad('drift series', await load(sizes.driftTotalRequests - sizes.driftWarmupRequests));
  } finally {
    peakBytes = sampler.stop().peakBytes;
  }
  const afterAll = await readSettledRss(proxy.pid);
  return {
    warmupRequests: sizes.driftWarmupRequests,
    totalRequests: sizes.driftTotalRequests,
    rssAfterWarmupMb: afterWarmup / megabyte,
    rssAfterAllMb: afterAll / megabyte,
    peakRssUnderLoadMb: peakBytes / megabyte,
    driftPercent: (100 * (afterAll - afterWarmup)) / afterWarmup,
  };
}

/** RSS once the last responses are out: median of five readings over half a second, after a pause. */
async function readSettledRss(pid) {
  await sleep(1000);
  const readings = [];
  for (let index = 0; index < 5; index += 1) {
    const rss = readRssBytes(pid);
    if (rss !== undefined) readings.push(rss);
    await sleep(100);
  }
  if (readings.length === 0) throw new Error('the proxy process is gone; cannot read its RSS');
  return median(readings);
}

module.exports = { measureMemory };
