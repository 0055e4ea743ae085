/**
 * HTTPS image hosts: a loopback TLS server with the simulator's test certificate (SAN 127.0.0.1 and localhost, signed
 * by the test CA). The fetcher trusts the public roots plus `caCertificate` (the proxy passes cert_path's bundle), and
 * a certificate it cannot verify is refused with the URL and the TLS reason, before any HTTP request is made.
 */
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { readTestCertificates } from '@asksage-proxy/asksage-simulator';
import { createNodeImageFetcher } from './create-node-image-fetcher';
import type { HostResolver } from './image-fetch-settings';

const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==', 'base64');
const source = 'messages[0].content[1]';
const certificates = readTestCertificates();
const requests: string[] = [];
let server: https.Server;
let port: number;

// Only these names resolve, to loopback: `localhost` is in the certificate, `images.test` is not.
const resolve: HostResolver = async (hostname) => {
  if (hostname === 'localhost' || hostname === 'images.test') return [{ address: '127.0.0.1', family: 4 }];
  throw Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
};

beforeAll(async () => {
  server = https.createServer({ cert: certificates.serverCertificate, key: certificates.serverKey }, (request, response) => {
    requests.push(request.url ?? '');
    response.writeHead(200, { 'content-type': 'image/png' }).end(png);
  });
  await new Promise<void>((resolvePromise) => server.listen(0, '127.0.0.1', resolvePromise));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolvePromise) => server.close(resolvePromise));
});

beforeEach(() => {
  requests.length = 0;
});

const fetchFrom = (url: string, caCertificate?: string) =>
  createNodeImageFetcher({ allowPrivateAddresses: true, resolve, ...(caCertificate === undefined ? {} : { caCertificate }) }).fetch({ url, source, maxBytes: 1024 });

describe('createNodeImageFetcher over HTTPS', () => {
  it('fetches from a host whose certificate the configured CA signed, by address and by name', async () => {
    await expect(fetchFrom(`https://127.0.0.1:${port}/cat.png`, certificates.ca)).resolves.toMatchObject({ bytes: new Uint8Array(png) });
    await expect(fetchFrom(`https://localhost:${port}/dog.png`, certificates.ca)).resolves.toMatchObject({ bytes: new Uint8Array(png) });
    expect(requests).toEqual(['/cat.png', '/dog.png']);
  });

  it('refuses the same host without that CA, naming the URL and the TLS reason, before any HTTP request', async () => {
    const error = await fetchFrom(`https://127.0.0.1:${port}/cat.png?sig=secret`).catch((rejection: unknown) => rejection);
    expect(error).toMatchObject({ code: 'invalid_request', param: source });
    const message = (error as Error).message;
    expect(message).toContain(`${source}: image URL "https://127.0.0.1:${port}/cat.png" could not be fetched: its TLS certificate could not be verified (`);
    expect(message).toContain('cert_path');
    expect(message).not.toContain('secret');
    expect(requests).toEqual([]);
  });

  it('refuses a certificate signed by another CA than the one trusted', async () => {
    await expect(fetchFrom(`https://127.0.0.1:${port}/cat.png`, certificates.untrustedCa)).rejects.toMatchObject({ message: expect.stringContaining('TLS certificate could not be verified') });
    expect(requests).toEqual([]);
  });

  it('still verifies the host name against the certificate while connecting to the checked address', async () => {
    await expect(fetchFrom(`https://images.test:${port}/cat.png`, certificates.ca)).rejects.toMatchObject({ message: expect.stringContaining('(ERR_TLS_CERT_ALTNAME_INVALID)') });
    expect(requests).toEqual([]);
  });
});
