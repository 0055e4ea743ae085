import { createServer, get } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModuleKind, ScriptTarget, transpileModule } from 'typescript';
import express from 'express';
import type { Express } from 'express';
import { createExpressMessageClasses } from './create-express-message-classes';

function fetchText(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve(text));
    }).on('error', reject);
  });
}

describe('createExpressMessageClasses', () => {
  it('makes requests and responses born with the serving app prototypes, and follows a switch to another app', async () => {
    const makeApp = (name: string): Express => {
      const app = express();
      app.get('/who', (request, response) => {
        response.json({ name, ownApp: request.app === app, path: request.path, query: request.query });
      });
      return app;
    };
    const first = makeApp('first');
    const second = makeApp('second');
    let current = first;
    const classes = createExpressMessageClasses(() => current);
    expect(classes).toBeDefined();
    const born: Array<{ request: boolean; response: boolean }> = [];
    const server = createServer({ ...classes }, (request: IncomingMessage, response: ServerResponse) => {
      // Before Express touches them: the prototypes it would set are there already.
      born.push({ request: Object.getPrototypeOf(request) === current.request, response: Object.getPrototypeOf(response) === current.response });
      current(request, response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      expect(JSON.parse(await fetchText(port, '/who?a=1'))).toEqual({ name: 'first', ownApp: true, path: '/who', query: { a: '1' } });
      expect(JSON.parse(await fetchText(port, '/who'))).toMatchObject({ name: 'first', ownApp: true });
      current = second;
      // The first request after the switch was built for the old app: Express re-parents it, the answer is still right.
      expect(JSON.parse(await fetchText(port, '/who'))).toMatchObject({ name: 'second', ownApp: true });
      expect(JSON.parse(await fetchText(port, '/who?b=2'))).toEqual({ name: 'second', ownApp: true, path: '/who', query: { b: '2' } });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(born).toEqual([
      { request: true, response: true },
      { request: true, response: true },
      { request: false, response: false },
      { request: true, response: true },
    ]);
  });

  it('keeps requests and responses in fast mode through Express and a reload, not hash tables of properties', () => {
    // V8's own answer (%HasFastProperties) needs --allow-natives-syntax, and Jest's module sandbox changes the fields
    // Node gives a request (`domain`), so the check runs in a plain node process, as the proxy does, on this source.
    const source = readFileSync(join(__dirname, 'create-express-message-classes.ts'), 'utf8');
    const compiled = transpileModule(source, { compilerOptions: { module: ModuleKind.CommonJS, target: ScriptTarget.ES2022 } }).outputText;
    const child = spawnSync(process.execPath, ['--allow-natives-syntax', '-e', fastPropertiesProbe], {
      env: { ...process.env, NODE_OPTIONS: '', PROBE_SOURCE: compiled, PROBE_PACKAGE: join(__dirname, '..', 'package.json') },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(child.stderr).toBe('');
    const seen = JSON.parse(child.stdout) as Array<{ app: string; request: boolean; response: boolean; sameShapesAsLast: boolean }>;
    expect(seen).toHaveLength(24);
    expect(seen.filter((entry) => !entry.request || !entry.response)).toEqual([]);
    // One hidden class for all requests of an app (and one for responses), except the first after the reload, which was
    // born for the old app and re-parented by Express.
    expect(seen.map((entry) => entry.sameShapesAsLast)).toEqual([...Array.from({ length: 12 }, () => true), false, ...Array.from({ length: 11 }, () => true)]);
    expect(seen.map((entry) => entry.app)).toEqual([...Array.from({ length: 12 }, () => 'first'), ...Array.from({ length: 12 }, () => 'second')]);
  });
});

/**
 * Serves 12 JSON requests with one app, reloads to another, serves 12 more; prints whether each request and response kept
 * fast properties, and whether it shares its hidden class with the last one of its app.
 */
const fastPropertiesProbe = `
const { createRequire } = require('node:module');
const http = require('node:http');
const packageRequire = createRequire(process.env.PROBE_PACKAGE);
const express = packageRequire('express');
const moduleObject = { exports: {} };
new Function('require', 'module', 'exports', process.env.PROBE_SOURCE)(packageRequire, moduleObject, moduleObject.exports);
const hasFastProperties = new Function('object', 'return %HasFastProperties(object)');
const haveSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)');
const seen = [];
const makeApp = (name) => {
  const app = express();
  app.post('/echo', express.json(), (request, response) => {
    response.once('finish', () => seen.push({ app: name, request, response }));
    response.json({ name, body: request.body, query: request.query });
  });
  return app;
};
const apps = { first: makeApp('first'), second: makeApp('second') };
let current = apps.first;
const server = http.createServer({ ...moduleObject.exports.createExpressMessageClasses(() => current) }, (request, response) => current(request, response));
const post = (port) => new Promise((resolve, reject) => {
  const request = http.request({ host: '127.0.0.1', port, path: '/echo?x=1', method: 'POST', headers: { 'content-type': 'application/json' } }, (response) => {
    response.resume();
    response.on('end', resolve);
  });
  request.on('error', reject);
  request.end('{"a":1}');
});
server.listen(0, '127.0.0.1', async () => {
  const { port } = server.address();
  for (let index = 0; index < 12; index += 1) await post(port);
  current = apps.second;
  for (let index = 0; index < 12; index += 1) await post(port);
  server.close();
  await new Promise((resolve) => setImmediate(resolve));
  const lastOf = (app) => seen.filter((entry) => entry.app === app).at(-1);
  process.stdout.write(JSON.stringify(seen.map(({ app, request, response }) => ({
    app,
    request: hasFastProperties(request),
    response: hasFastProperties(response),
    sameShapesAsLast: haveSameMap(request, lastOf(app).request) && haveSameMap(response, lastOf(app).response),
  }))));
});
`;
