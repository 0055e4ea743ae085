import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isProxyError } from '@asksage-proxy/core';
import { createUpstreamAgents } from './create-upstream-agents';
import { openStreamingPost } from './open-streaming-post';

/** A server that sends the status line and half of a declared body, then drops the connection. */
async function startCuttingServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((request, response) => {
    request.resume();
    response.writeHead(200, { 'content-type': 'text/event-stream', 'content-length': '100' });
    response.write('data: first\n\n', () => setImmediate(() => response.socket?.destroy()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/stream`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function readAll(body: AsyncIterable<Uint8Array>): Promise<{ text: string; error?: unknown }> {
  let text = '';
  try {
    for await (const chunk of body) text += Buffer.from(chunk).toString();
    return { text };
  } catch (error) {
    return { text, error };
  }
}

describe('openStreamingPost', () => {
  const agents = createUpstreamAgents({ maxSockets: Infinity });
  const settings = { agents, connectTimeoutMs: 0, timeoutMs: 10_000 };
  afterAll(() => {
    agents.http.destroy();
    agents.https.destroy();
  });

  it('with requireCompleteBody, a body the connection cuts short throws a retryable upstream_unavailable after what arrived', async () => {
    const server = await startCuttingServer();
    try {
      const opened = await openStreamingPost(settings, { url: server.url, body: '{}', headers: {}, signal: undefined, requireCompleteBody: true });
      const { text, error } = await readAll(opened.body);
      expect(text).toBe('data: first\n\n');
      expect(isProxyError(error) && { code: error.code, isRetryable: error.isRetryable }).toEqual({ code: 'upstream_unavailable', isRetryable: true });
    } finally {
      await server.close();
    }
  });
});
