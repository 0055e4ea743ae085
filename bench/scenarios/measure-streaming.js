// Figure 3: how long after AskSage's answer the client sees `data: [DONE]`, for a long answer.
// AskSage answers in one piece; the proxy then turns it into SSE chunks. The figure is
// (time to [DONE] through the proxy) - (time for the simulator to return the same answer directly),
// paired run by run, median over the runs. The reference proxy sleeps 50 ms per word here.
'use strict';

const http = require('node:http');
const https = require('node:https');
const { createChatRequest, createDirectQueryBody } = require('../lib/bench-requests');
const { createCheck } = require('../lib/create-check');
const { readChatStream } = require('../lib/read-chat-stream');
const { throwIfAborted } = require('../lib/run-scenario');
const { sendJsonRequest, sendRequest } = require('../lib/send-request');
const { median } = require('../lib/statistics');

/**
 * Times the long streamed answer against the direct upstream answer and checks the streamed text.
 * @param {{ targets: import('../lib/start-shared-targets').SharedTargets, sizes: import('../lib/bench-scales').BenchScale,
 *   scope: import('../lib/run-scenario').ScenarioScope }} context
 */
async function measureStreaming({ targets, sizes, scope }) {
  const words = sizes.streamWords;
  // The simulator's directive for an answer of exactly this many words.
  const prompt = `Write a long essay. [[words:${words}]]`;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  // The direct calls reuse one verified TLS connection when the simulator is https, as the proxy's pool does.
  const directAgent = targets.simulator.url.startsWith('https:') ? new https.Agent({ keepAlive: true, maxSockets: 1, ca: targets.simulator.ca }) : agent;
  try {
    const direct = () =>
      sendRequest(`${targets.simulator.url}/server/query`, {
        method: 'POST',
        agent: directAgent,
        headers: { 'content-type': 'application/json', 'x-access-tokens': targets.demoKey },
        body: createDirectQueryBody(targets.models.directModel, prompt),
      });
    const stream = async () => {
      const result = await readChatStream(`${targets.proxy.url}/v1/chat/completions`, createChatRequest(targets.models.proxyModel, prompt, true), { agent });
      if (result.status !== 200 || !result.done || result.error) {
        throw new Error(`proxy stream failed: status ${result.status}, [DONE] ${result.done ? 'seen' : 'missing'}${result.error ? `, ${result.error}` : ''}`);
      }
      return result;
    };
    const nonStream = await sendJsonRequest(`${targets.proxy.url}/v1/chat/completions`, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(createChatRequest(targets.models.proxyModel, prompt)),
    });
    const nonStreamText = nonStream.json?.choices?.[0]?.message?.content ?? '';
    // Warm both paths once (JIT, connections) before timing.
    await direct();
    await stream();
    const addedMs = [];
    const directMs = [];
    let textMatches = true;
    let streamedWords = 0;
    let chunks = 0;
    for (let run = 0; run < sizes.streamRuns; run += 1) {
      throwIfAborted(scope.signal);
      let upstream;
      let proxied;
      if (run % 2 === 0) {
        upstream = await direct();
        proxied = await stream();
      } else {
        proxied = await stream();
        upstream = await direct();
      }
      if (upstream.status !== 200) throw new Error(`simulator answered ${upstream.status}: ${upstream.body.slice(0, 300)}`);
      addedMs.push(proxied.doneAfterMs - upstream.elapsedMs);
      directMs.push(upstream.elapsedMs);
      textMatches &&= proxied.text === nonStreamText;
      streamedWords = proxied.text.split(/\s+/).filter(Boolean).length;
      chunks = proxied.chunks;
    }
    const details = {
      words,
      runs: sizes.streamRuns,
      doneAfterUpstreamMs: median(addedMs),
      directAnswerMs: median(directMs),
      streamedWords,
      chunks,
      streamedTextEqualsNonStream: textMatches,
    };
    return {
      checks: [
        createCheck(`streaming [DONE] after upstream answer, ${words} words`, details.doneAfterUpstreamMs, 'ms', { comparison: '<=', limit: 10 }),
        createCheck('streamed text equals non-stream text', textMatches, '', { equals: true }),
        createCheck('  simulator answer time, direct', details.directAnswerMs, 'ms'),
      ],
      details,
    };
  } finally {
    agent.destroy();
    directAgent.destroy();
  }
}

module.exports = { measureStreaming };
