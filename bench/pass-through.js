#!/usr/bin/env node
// The physical-limit baseline: the cheapest possible extra loopback hop in Node. It forwards each
// request body, unchanged, to the simulator's /server/query over a keep-alive agent and streams the
// upstream body back. No parsing, no translation, no logging. Whatever the proxy costs beyond this
// process is the price of compatibility; what this costs is the price of being a separate hop.
//
//   node bench/pass-through.js --port 0 --upstream https://127.0.0.1:<sim>/server/query --ca test-ca.pem
//   node bench/pass-through.js --port 0 --upstream http://127.0.0.1:<sim>/server/query
//
// Over https it trusts what the proxy trusts with cert_path (Node's roots plus the CA file), through one
// secure context, so TLS costs both hops the same.
//
// Prints one JSON line `{"url": ...}` when listening, like the simulator. GET /health answers 200.
'use strict';

const fs = require('node:fs');
const http = require('node:http');
const https = require('node:https');
const tls = require('node:tls');

function readOption(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && index + 1 < process.argv.length ? process.argv[index + 1] : fallback;
}

const upstream = new URL(readOption('upstream', ''));
const port = Number(readOption('port', '0'));
// The same socket budget as the proxy's AskSage adapter (maxSockets 256 by default), so the
// baseline is not given more upstream parallelism than the proxy has.
const caPath = readOption('ca', undefined);
const secure = upstream.protocol === 'https:';
const client = secure ? https : http;
const agent = secure
  ? new https.Agent({
      keepAlive: true,
      maxSockets: 256,
      ...(caPath ? { secureContext: tls.createSecureContext({ ca: [...tls.rootCertificates, fs.readFileSync(caPath, 'utf8')] }) } : {}),
    })
  : new http.Agent({ keepAlive: true, maxSockets: 256 });
const forwardedHeaders = ['content-type', 'content-length', 'x-access-tokens'];

const server = http.createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/health') {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"status":"ok"}');
    return;
  }
  const headers = {};
  for (const name of forwardedHeaders) {
    if (request.headers[name] !== undefined) headers[name] = request.headers[name];
  }
  const parts = [];
  request.on('data', (part) => parts.push(part));
  request.on('end', () => forward(Buffer.concat(parts), headers, response, true));
});

function forward(body, headers, response, mayRetry) {
  const upstreamRequest = client.request(upstream, { method: 'POST', agent, headers }, (upstreamResponse) => {
    const responseHeaders = { 'content-type': upstreamResponse.headers['content-type'] ?? 'application/json' };
    if (upstreamResponse.headers['content-length'] !== undefined) {
      responseHeaders['content-length'] = upstreamResponse.headers['content-length'];
    }
    response.writeHead(upstreamResponse.statusCode ?? 502, responseHeaders);
    upstreamResponse.pipe(response);
  });
  upstreamRequest.on('error', (error) => {
    // A kept-alive socket the server closed at the same moment: retry once on a fresh one, as the
    // Node documentation recommends for keep-alive agents.
    if (mayRetry && upstreamRequest.reusedSocket && error.code === 'ECONNRESET' && !response.headersSent) {
      forward(body, headers, response, false);
      return;
    }
    if (!response.headersSent) response.writeHead(502, { 'content-type': 'application/json' });
    response.end('{"error":"upstream failed"}');
  });
  // A client that goes away must not leave an upstream request running.
  response.on('close', () => {
    if (!response.writableFinished) upstreamRequest.destroy();
  });
  upstreamRequest.end(body);
}

server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${server.address().port}` })}\n`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => {
    server.close();
    agent.destroy();
    process.exit(0);
  });
}
