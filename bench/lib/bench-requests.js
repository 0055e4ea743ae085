// The request every target is sent. The direct and pass-through body is what the proxy itself sends
// AskSage for the same chat (docs/architecture.md step 4), so the three targets do the same upstream work.
'use strict';

const { sendJsonRequest } = require('./send-request');

/** The short prompt of the latency and throughput scenarios. */
const shortPrompt = 'Say hello.';

/**
 * Picks the model to request: --model if given, else one both the proxy's /v1/models and the
 * simulator's get-models list, so the direct call and the proxied call reach the same simulated model.
 * @param {{ proxyUrl: string, simulatorUrl: string, simulatorCa?: string, demoKey: string, model?: string }} options
 * @returns {Promise<{ proxyModel: string, directModel: string }>}
 */
async function chooseModels(options) {
  if (options.model) return { proxyModel: options.model, directModel: options.model };
  const proxyList = await sendJsonRequest(`${options.proxyUrl}/v1/models`);
  const proxyIds = (proxyList.json?.data ?? []).map((model) => model.id).filter((id) => typeof id === 'string');
  const simulatorList = await sendJsonRequest(`${options.simulatorUrl}/server/get-models`, {
    headers: { 'x-access-tokens': options.demoKey },
    ca: options.simulatorCa,
  });
  const simulatorIds = readSimulatorModelIds(simulatorList.json);
  if (proxyIds.length === 0) throw new Error('the proxy lists no models on /v1/models; pass --model');
  const shared = proxyIds.filter((id) => simulatorIds.includes(id));
  const pick = shared.includes('gpt-4o-mini') ? 'gpt-4o-mini' : shared[0];
  if (pick) return { proxyModel: pick, directModel: pick };
  return { proxyModel: proxyIds[0], directModel: simulatorIds[0] ?? proxyIds[0] };
}

function readSimulatorModelIds(body) {
  if (Array.isArray(body?.response)) return body.response.filter((id) => typeof id === 'string');
  if (Array.isArray(body?.data)) return body.data.map((model) => model.id).filter((id) => typeof id === 'string');
  return [];
}

/**
 * The AskSage /query body for one user message, as the proxy would build it.
 * @param {string} model
 * @param {string} text
 * @returns {string}
 */
function createDirectQueryBody(model, text) {
  // Field for field what core's convertToAskSageQuery sends for `{ messages: [{ role: 'user', content: text }] }`.
  return JSON.stringify({
    message: [{ user: 'me', message: text }],
    model,
    system_prompt: 'You are a helpful assistant.',
    dataset: 'none',
    limit_references: 0,
    live: 0,
    temperature: 1,
    usage: true,
  });
}

/**
 * The OpenAI chat completion request for one user message.
 * @param {string} model
 * @param {string} text
 * @param {boolean} [stream]
 * @returns {object}
 */
function createChatRequest(model, text, stream = false) {
  return { model, messages: [{ role: 'user', content: text }], ...(stream ? { stream: true } : {}) };
}

/**
 * The text of an AskSage reply as the proxy reports it: `message` minus AskSage's leading blank lines.
 * @param {any} reply
 * @returns {string}
 */
function readAskSageAnswer(reply) {
  return typeof reply?.message === 'string' ? reply.message.replace(/^(\r?\n)+/, '') : '';
}

module.exports = { shortPrompt, chooseModels, createDirectQueryBody, createChatRequest, readAskSageAnswer };
