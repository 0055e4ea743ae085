// Time to first token in passthrough mode (`upstream_api: passthrough`): how much later the client sees its first
// content delta through the proxy than straight from AskSage's compatibility surface. The simulator paces its SSE
// events (a pause between events, like generation), so the first delta is far from the last one; the figure is
// (first delta through the proxy) - (first delta direct), paired run by run, median over the runs. Target: < 5 ms.
// Self-contained (its own paced simulator and passthrough proxy): bench/run.js calls `runPassthroughTtft` once.
'use strict';

const http = require('node:http');
const { chooseModels } = require('../lib/bench-requests');
const { createCheck } = require('../lib/create-check');
const { runScenario, throwIfAborted } = require('../lib/run-scenario');
const { repositoryRoot, simulatorMainPath, startProxy } = require('../lib/start-targets');
const { startTargetProcess } = require('../lib/start-target-process');
const { median } = require('../lib/statistics');

const id = 'passthrough-ttft';
const title = 'Time to first token, passthrough mode';
const framePauseMs = 20;
const timeLimitMs = 120_000;

/**
 * POSTs a streamed chat completion and times its first non-empty content delta (and the end of the body).
 * @param {string} url
 * @param {Record<string, string>} headers
 * @param {object} body
 * @param {http.Agent} agent
 * @returns {Promise<{ status: number, firstDeltaMs: number, text: string, done: boolean }>}
 */
function timeFirstDelta(url, headers, body, agent) {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const startedAt = performance.now();
    const result = { status: 0, firstDeltaMs: Number.NaN, text: '', done: false };
    const request = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers } }, (response) => {
      result.status = response.statusCode ?? 0;
      response.setEncoding('utf8');
      let pending = '';
      response.on('data', (data) => {
        pending += data;
        let boundary = pending.indexOf('\n\n');
        while (boundary >= 0) {
          const event = pending.slice(0, boundary);
          pending = pending.slice(boundary + 2);
          boundary = pending.indexOf('\n\n');
          const line = event.split('\n').find((candidate) => candidate.startsWith('data: '));
          if (line === undefined) continue;
          if (line === 'data: [DONE]') {
            result.done = true;
            continue;
          }
          const content = JSON.parse(line.slice(6)).choices?.[0]?.delta?.content ?? '';
          if (content !== '' && Number.isNaN(result.firstDeltaMs)) result.firstDeltaMs = performance.now() - startedAt;
          result.text += content;
        }
      });
      response.on('end', () => resolve(result));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(payload);
  });
}

/**
 * Measures the figure.
 * @param {{ demoKey: string, model?: string, runs: number, scope: import('../lib/run-scenario').ScenarioScope }} context
 */
async function measurePassthroughTtft({ demoKey, model, runs, scope }) {
  const simulator = await scope.own(
    startTargetProcess({ name: 'paced simulator', args: [simulatorMainPath, '--port', '0', '--stream-frame-pause-ms', String(framePauseMs)], cwd: repositoryRoot, readiness: { kind: 'json-line' } }),
  );
  // The paced simulator serves plain HTTP: no cert_path.
  const proxy = await scope.own(startProxy({ simulatorUrl: simulator.url, demoKey, upstream: { scheme: 'http' }, name: 'passthrough proxy', config: { upstream_api: 'passthrough' } }));
  const models = await chooseModels({ proxyUrl: proxy.url, simulatorUrl: simulator.url, demoKey, model });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const body = (name) => ({ model: name, stream: true, messages: [{ role: 'user', content: 'Write a short essay. [[words:200]]' }] });
    const direct = () => timeFirstDelta(`${simulator.url}/server/openai/v1/chat/completions`, { authorization: `Bearer ${demoKey}` }, body(models.directModel), agent);
    const proxied = () => timeFirstDelta(`${proxy.url}/v1/chat/completions`, {}, body(models.proxyModel), agent);
    await direct();
    await proxied();
    const addedMs = [];
    const directMs = [];
    let textMatches = true;
    for (let run = 0; run < runs; run += 1) {
      throwIfAborted(scope.signal);
      const pair = run % 2 === 0 ? [await direct(), await proxied()] : [await proxied(), await direct()].reverse();
      const [upstream, through] = pair;
      if (upstream.status !== 200 || through.status !== 200 || !through.done) {
        throw new Error(`stream failed: direct ${upstream.status}, proxy ${through.status}${through.done ? '' : ' without [DONE]'}`);
      }
      addedMs.push(through.firstDeltaMs - upstream.firstDeltaMs);
      directMs.push(upstream.firstDeltaMs);
      textMatches &&= through.text === upstream.text;
    }
    const details = { runs, framePauseMs, addedFirstDeltaMs: median(addedMs), directFirstDeltaMs: median(directMs), streamedTextEqualsDirect: textMatches };
    return {
      checks: [
        createCheck('passthrough: first delta after AskSage\'s first', details.addedFirstDeltaMs, 'ms', { comparison: '<', limit: 5 }),
        createCheck('passthrough stream equals the direct stream', textMatches, '', { equals: true }),
        createCheck(`  first delta direct (events ${framePauseMs} ms apart)`, details.directFirstDeltaMs, 'ms'),
      ],
      details,
    };
  } finally {
    agent.destroy();
  }
}

/**
 * The whole scenario as bench/run.js records it: time-boxed, its processes stopped however it ends, and a result
 * row (or the reason it failed) in the shape of the other scenarios. Runs with the streaming figure.
 * @param {{ options: import('../lib/parse-bench-arguments').BenchArguments, demoKey: string, commit: string }} context
 */
async function runPassthroughTtft({ options, demoKey, commit }) {
  const base = { id, title, measuredAt: new Date().toISOString(), commit };
  try {
    const measured = await runScenario(id, timeLimitMs, (scope) => measurePassthroughTtft({ demoKey, model: options.model, runs: options.sizes.streamRuns, scope }));
    return { ...base, ...measured };
  } catch (error) {
    return { ...base, error: error.message };
  }
}

module.exports = { measurePassthroughTtft, runPassthroughTtft };
