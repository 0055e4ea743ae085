import { createServer, get } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
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
});
