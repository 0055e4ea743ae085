'use strict';

const http = require('node:http');
const https = require('node:https');

/**
 * @typedef {object} TimedResponse
 * @property {number} status
 * @property {string} body
 * @property {number} elapsedMs  request start to the last byte of the body
 */

/**
 * Sends one HTTP(S) request and buffers the whole answer, timing it from the call to the last byte.
 * An https URL (the simulator with TLS) is verified against `ca` when given, else against the agent's own options.
 * @param {string} url
 * @param {{ method?: string, headers?: Record<string, string>, body?: string, agent?: http.Agent, ca?: string, timeoutMs?: number }} [options]
 * @returns {Promise<TimedResponse>}
 */
function sendRequest(url, options = {}) {
  return new Promise((resolve, reject) => {
    const startedAt = performance.now();
    const secure = url.startsWith('https:');
    const request = (secure ? https : http).request(
      url,
      {
        method: options.method ?? 'GET',
        headers: options.headers,
        agent: options.agent,
        ...(secure && options.ca !== undefined ? { ca: options.ca } : {}),
        timeout: options.timeoutMs ?? 60_000,
      },
      (response) => {
        const parts = [];
        response.on('data', (part) => parts.push(part));
        response.on('error', reject);
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(parts).toString(), elapsedMs: performance.now() - startedAt }),
        );
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer from ${url} in time`)));
    request.on('error', reject);
    request.end(options.body);
  });
}

/**
 * sendRequest for a JSON API: parses the body and throws, with the body, on a non-2xx status.
 * @param {string} url
 * @param {Parameters<typeof sendRequest>[1]} [options]
 * @returns {Promise<{ status: number, json: any, elapsedMs: number }>}
 */
async function sendJsonRequest(url, options) {
  const response = await sendRequest(url, options);
  if (response.status < 200 || response.status >= 300) {
    throw new Error(`${options?.method ?? 'GET'} ${url} answered ${response.status}: ${response.body.slice(0, 500)}`);
  }
  try {
    return { status: response.status, json: JSON.parse(response.body), elapsedMs: response.elapsedMs };
  } catch {
    throw new Error(`${url} answered non-JSON: ${response.body.slice(0, 500)}`);
  }
}

module.exports = { sendRequest, sendJsonRequest };
