'use strict';

const autocannon = require('autocannon');

/**
 * @typedef {object} LoadResult
 * @property {number[]} latenciesMs  every 2xx response time, exact (sub-millisecond)
 * @property {number} completed     responses received
 * @property {number} errors        connection errors and timeouts
 * @property {number} non2xx
 * @property {Record<string, number>} statusCodes  responses per HTTP status
 * @property {number} durationSeconds
 * @property {number} requestsPerSecond  2xx responses per second of the run
 */

/**
 * Runs autocannon against one target, in this (the orchestrator's) process, never in a target's.
 * Latencies are collected from the per-response event rather than autocannon's histogram, which
 * records whole milliseconds: the overheads measured here are fractions of one.
 * Stops with `amount` requests when given, else after `durationSeconds`.
 * @param {{ url: string, method?: string, headers?: Record<string, string>, body?: string,
 *   requests?: object[], connections: number, amount?: number, durationSeconds?: number,
 *   signal?: AbortSignal }} options
 * @returns {Promise<LoadResult>}
 */
function runLoad(options) {
  return new Promise((resolve, reject) => {
    const latenciesMs = [];
    let successes = 0;
    const startedAt = performance.now();
    let lastResponseAt = startedAt;
    const instance = autocannon(
      {
        url: options.url,
        method: options.method ?? 'POST',
        headers: options.headers,
        body: options.body,
        requests: options.requests,
        connections: options.connections,
        pipelining: 1,
        amount: options.amount,
        duration: options.durationSeconds ?? 10,
        timeout: 30,
        // autocannon notices the end of an `amount` run only at its next sample tick (1 s by default).
        sampleInt: 50,
      },
      (error, result) => {
        options.signal?.removeEventListener('abort', abort);
        if (error) {
          reject(error);
          return;
        }
        // First request to last response: the tail after it (closing sockets, the sample tick) is not load.
        const durationSeconds = (lastResponseAt - startedAt) / 1000;
        resolve({
          latenciesMs,
          completed: latenciesMs.length + result.non2xx,
          errors: result.errors + result.timeouts,
          non2xx: result.non2xx,
          statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, stats]) => [code, stats.count])),
          durationSeconds,
          requestsPerSecond: successes / durationSeconds,
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
      lastResponseAt = performance.now();
      if (statusCode >= 200 && statusCode < 300) {
        successes += 1;
        latenciesMs.push(responseTimeMs);
      }
    });
    const abort = () => instance.stop();
    options.signal?.addEventListener('abort', abort, { once: true });
  });
}

/**
 * Throws when a load run saw failures: figures from error responses would be meaningless.
 * @param {string} label
 * @param {LoadResult} result
 * @returns {LoadResult}
 */
function assertCleanLoad(label, result) {
  if (result.errors > 0 || result.non2xx > 0 || result.latenciesMs.length === 0) {
    throw new Error(
      `${label}: ${result.latenciesMs.length} ok, ${result.non2xx} non-2xx (statuses ${JSON.stringify(result.statusCodes)}), ${result.errors} errors/timeouts; ` +
        'figures from failing requests are meaningless',
    );
  }
  return result;
}

module.exports = { runLoad, assertCleanLoad };
