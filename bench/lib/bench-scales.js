// Sizes of every scenario. `full` is what docs/benchmarks.md publishes; `tiny` runs each scenario once
// with a handful of requests so a Jest test can keep the scripts from rotting in seconds.
'use strict';

/**
 * @typedef {object} BenchScale
 * @property {number} runs                  interleaved rounds (latency, throughput), stream pairs, cold starts
 * @property {number} streamRuns            pairs of (direct, proxy stream) timings
 * @property {number} coldStarts            spawns of the proxy timed to its first 200 on /health
 * @property {number} warmupRequests        per target, before the first round, at concurrency 10
 * @property {number} sequentialRequests    per target per round at concurrency 1
 * @property {number} concurrentRequests    per target per round at concurrency 10
 * @property {number} [throughputSeconds]   per target per round at concurrency 64 (or throughputRequests)
 * @property {number} [throughputRequests]
 * @property {number} streamWords           length of the streamed answer
 * @property {number} openStreams           streams held open for the peak-RSS figure
 * @property {number} slowUpstreamMs        simulator latency while they are open
 * @property {number} idleSettleMs          after start, how long the proxy sits idle before the settled idle RSS reading
 * @property {number} driftWarmupRequests   requests before the first RSS reading
 * @property {number} driftTotalRequests    requests before the second
 * @property {Record<string, number>} timeLimitsMs  per scenario
 */

/** @type {Record<'full' | 'tiny', BenchScale>} */
const benchScales = {
  full: {
    runs: 5,
    streamRuns: 15,
    coldStarts: 5,
    warmupRequests: 1000,
    sequentialRequests: 1000,
    concurrentRequests: 3000,
    throughputSeconds: 8,
    streamWords: 1500,
    openStreams: 1000,
    slowUpstreamMs: 10_000,
    idleSettleMs: 15_000,
    driftWarmupRequests: 5000,
    driftTotalRequests: 50_000,
    timeLimitsMs: { latency: 600_000, throughput: 300_000, streaming: 180_000, ttft: 120_000, memory: 600_000, 'cold-start': 120_000, redis: 600_000 },
  },
  tiny: {
    runs: 1,
    streamRuns: 1,
    coldStarts: 1,
    warmupRequests: 20,
    sequentialRequests: 20,
    concurrentRequests: 50,
    throughputRequests: 200,
    streamWords: 1500,
    openStreams: 20,
    slowUpstreamMs: 1000,
    idleSettleMs: 500,
    driftWarmupRequests: 100,
    driftTotalRequests: 500,
    timeLimitsMs: { latency: 60_000, throughput: 60_000, streaming: 60_000, ttft: 60_000, memory: 90_000, 'cold-start': 60_000, redis: 90_000 },
  },
};

module.exports = { benchScales };
