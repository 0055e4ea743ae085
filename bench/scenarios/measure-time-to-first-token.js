// Time to first token with native streaming: how much later the client sees the first text delta through the proxy
// than it would see AskSage's first frame directly. The simulator paces its frames (a pause after each), so the first
// frame stands apart from the rest; the figure is (first delta through the proxy) - (first frame direct), paired run
// by run, median over the runs.
'use strict';

const https = require('node:https');
const http = require('node:http');
const { createChatRequest, createDirectQueryBody } = require('../lib/bench-requests');
const { createCheck } = require('../lib/create-check');
const { readChatStream } = require('../lib/read-chat-stream');
const { throwIfAborted } = require('../lib/run-scenario');
const { sendJsonRequest } = require('../lib/send-request');
const { median } = require('../lib/statistics');

const framePauseMs = 25;

/** Reads the simulator's `streaming: true` answer until its first frame arrives; resolves with that time. */
function firstFrameDirect(url, body, agent, demoKey) {
  return new Promise((resolve, reject) => {
    const startedAt = performance.now();
    const client = url.startsWith('https:') ? https : http;
    const request = client.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'x-access-tokens': demoKey, 'content-length': Buffer.byteLength(body) } }, (response) => {
      let first;
      response.on('data', () => {
        if (first === undefined) first = performance.now() - startedAt;
      });
      response.on('end', () => (first === undefined ? reject(new Error('no frame from the simulator')) : resolve(first)));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

/**
 * @param {{ targets: import('../lib/start-shared-targets').SharedTargets, sizes: import('../lib/bench-scales').BenchScale,
 *   scope: import('../lib/run-scenario').ScenarioScope }} context
 */
async function measureTimeToFirstToken({ targets, sizes, scope }) {
  const prompt = 'Stream this. [[words:400]]';
  const control = (settings) => sendJsonRequest(`${targets.simulator.url}/__sim/stream-settings`, { method: 'POST', agent: directAgentOf(targets), headers: { 'content-type': 'application/json' }, body: JSON.stringify(settings) });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const directAgent = directAgentOf(targets);
  const directBody = JSON.stringify({ ...JSON.parse(createDirectQueryBody(targets.models.directModel, prompt)), streaming: true });
  try {
    await control({ pauseMs: framePauseMs, mode: 'delta' });
    const proxied = async () => {
      const result = await readChatStream(`${targets.proxy.url}/v1/chat/completions`, createChatRequest(targets.models.proxyModel, prompt, true), { agent });
      if (result.status !== 200 || !result.done || result.error) throw new Error(`proxy stream failed: status ${result.status}${result.error ? `, ${result.error}` : ''}`);
      return result;
    };
    await proxied();
    await firstFrameDirect(`${targets.simulator.url}/server/query`, directBody, directAgent, targets.demoKey);
    const addedMs = [];
    const beforeEndMs = [];
    const runs = Math.max(3, Math.min(sizes.streamRuns, 15));
    for (let run = 0; run < runs; run += 1) {
      throwIfAborted(scope.signal);
      const direct = await firstFrameDirect(`${targets.simulator.url}/server/query`, directBody, directAgent, targets.demoKey);
      const result = await proxied();
      addedMs.push(result.firstContentAfterMs - direct);
      beforeEndMs.push(result.doneAfterMs - result.firstContentAfterMs);
    }
    const details = { framePauseMs, runs, addedFirstTokenMs: median(addedMs), firstTokenBeforeDoneMs: median(beforeEndMs) };
    return {
      checks: [
        createCheck('time to first token added by the proxy (native streaming)', details.addedFirstTokenMs, 'ms', { comparison: '<=', limit: 5 }),
        createCheck('  first token arrives before the end of the answer by', details.firstTokenBeforeDoneMs, 'ms'),
      ],
      details,
    };
  } finally {
    await control({ pauseMs: 0 }).catch(() => undefined);
    agent.destroy();
    directAgent.destroy();
  }
}

function directAgentOf(targets) {
  return targets.simulator.url.startsWith('https:') ? new https.Agent({ keepAlive: true, maxSockets: 1, ca: targets.simulator.ca }) : new http.Agent({ keepAlive: true, maxSockets: 1 });
}

module.exports = { measureTimeToFirstToken };
