'use strict';

const http = require('node:http');

/**
 * @typedef {object} ChatStreamResult
 * @property {number} status
 * @property {string} text          the concatenated `choices[0].delta.content` of every chunk
 * @property {number} chunks        data frames before [DONE]
 * @property {boolean} done         `data: [DONE]` arrived
 * @property {string | undefined} error  an in-band `error` frame's message, if any
 * @property {number} doneAfterMs   request start to the [DONE] frame (or the end of the body)
 * @property {number} firstContentAfterMs  request start to the first chunk with non-empty content (NaN if none)
 */

/**
 * POSTs a streaming chat completion and reads the SSE answer to `data: [DONE]`, timing it.
 * @param {string} url  the proxy's /v1/chat/completions
 * @param {object} body the OpenAI request (stream: true)
 * @param {{ agent?: http.Agent, timeoutMs?: number }} [options]
 * @returns {Promise<ChatStreamResult>}
 */
function readChatStream(url, body, options = {}) {
  return new Promise((resolve, reject) => {
    const startedAt = performance.now();
    const result = { status: 0, text: '', chunks: 0, done: false, error: undefined, doneAfterMs: Number.NaN, firstContentAfterMs: Number.NaN };
    const payload = JSON.stringify(body);
    const request = http.request(
      url,
      {
        method: 'POST',
        agent: options.agent,
        timeout: options.timeoutMs ?? 120_000,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (response) => {
        result.status = response.statusCode ?? 0;
        response.setEncoding('utf8');
        let pending = '';
        let head = '';
        response.on('data', (data) => {
          if (head.length < 500) head += data;
          pending += data;
          let boundary;
          // SSE events end with a blank line; lines may end in \n or \r\n.
          while ((boundary = pending.search(/\r?\n\r?\n/)) >= 0) {
            const event = pending.slice(0, boundary);
            pending = pending.slice(boundary).replace(/^\r?\n\r?\n/, '');
            readEvent(event);
          }
        });
        response.on('error', reject);
        response.on('end', () => {
          if (pending.trim()) readEvent(pending);
          if (result.status !== 200 && !result.error) result.error = `HTTP ${result.status}: ${head.slice(0, 500)}`;
          if (Number.isNaN(result.doneAfterMs)) result.doneAfterMs = performance.now() - startedAt;
          resolve(result);
        });
      },
    );
    const readEvent = (event) => {
      const data = event
        .split(/\r?\n/)
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).replace(/^ /, ''))
        .join('\n');
      if (!data) return;
      if (data === '[DONE]') {
        result.done = true;
        result.doneAfterMs = performance.now() - startedAt;
        return;
      }
      if (result.status !== 200) {
        result.error = data.slice(0, 500);
        return;
      }
      try {
        const chunk = JSON.parse(data);
        result.chunks += 1;
        if (chunk.error) result.error = chunk.error.message ?? JSON.stringify(chunk.error);
        const content = chunk.choices?.[0]?.delta?.content;
        if (typeof content === 'string') {
          if (content !== '' && Number.isNaN(result.firstContentAfterMs)) result.firstContentAfterMs = performance.now() - startedAt;
          result.text += content;
        }
      } catch {
        result.error = `unparseable SSE data: ${data.slice(0, 200)}`;
      }
    };
    request.on('timeout', () => request.destroy(new Error(`stream from ${url} stalled`)));
    request.on('error', reject);
    request.end(payload);
  });
}

module.exports = { readChatStream };
