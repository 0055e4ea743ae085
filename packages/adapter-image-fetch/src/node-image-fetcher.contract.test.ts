import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeImageFetcherContract } from '@asksage-proxy/core/testing';
import { createNodeImageFetcher } from './create-node-image-fetcher';

const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==', 'base64');

describeImageFetcherContract({
  name: 'Node http(s) fetcher against a loopback server',
  createHarness: async () => {
    const server = http.createServer((request, response) => {
      if ((request.url ?? '').startsWith('/cat.png')) response.writeHead(200, { 'content-type': 'image/png' }).end(png);
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
      // The test server is on loopback, so private addresses are allowed; metadata stays refused regardless.
      fetcher: createNodeImageFetcher({ allowPrivateAddresses: true }),
      imageUrl: `http://127.0.0.1:${port}/cat.png`,
      imageBytes: new Uint8Array(png),
      missingUrl: `http://127.0.0.1:${port}/missing.png`,
      refusedUrl: 'http://169.254.169.254/latest/meta-data/',
      createAbortController: () => new AbortController(),
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  },
});
