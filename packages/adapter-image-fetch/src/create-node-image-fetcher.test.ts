import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createNodeImageFetcher } from './create-node-image-fetcher';
import type { HostResolver, NodeImageFetcherSettings } from './image-fetch-settings';

const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==', 'base64');
const source = 'messages[1].content[2]';

let server: http.Server;
let port: number;
const stalled: http.ServerResponse[] = [];

function route(request: http.IncomingMessage, response: http.ServerResponse): void {
  const path = request.url ?? '/';
  if (path.startsWith('/cat.png')) return void response.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length }).end(png);
  if (path === '/big-declared.png') return void response.writeHead(200, { 'content-type': 'image/png', 'content-length': 5000 }).end(Buffer.concat([png, Buffer.alloc(5000 - png.length)]));
  if (path === '/big-chunked.png') {
    // No content-length: the cap must hold while streaming.
    response.writeHead(200, { 'content-type': 'image/png' });
    response.write(png);
    for (let index = 0; index < 10; index += 1) response.write(Buffer.alloc(1000));
    return void response.end();
  }
  if (path === '/page.html') return void response.writeHead(200, { 'content-type': 'image/png' }).end('<!doctype html><html><body>login</body></html>');
  if (path.startsWith('/to/')) return void response.writeHead(302, { location: decodeURIComponent(path.slice(4)) }).end();
  if (path === '/loop') return void response.writeHead(302, { location: '/loop' }).end();
  if (path === '/stall') return void stalled.push(response);
  response.writeHead(404).end('missing');
}

beforeAll(async () => {
  server = http.createServer(route);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  for (const response of stalled) response.destroy();
  await new Promise((resolve) => server.close(resolve));
});

/** Names resolve only through this table, so no test depends on real DNS. */
function resolverFrom(table: Record<string, string[]>, calls: string[] = []): HostResolver {
  return async (hostname) => {
    calls.push(hostname);
    const addresses = table[hostname];
    if (addresses === undefined) throw Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

const names: Record<string, string[]> = {
  'images.test': ['127.0.0.1'],
  'internal.test': ['10.0.0.5'],
  'router.test': ['192.168.1.1'],
  'cgnat.test': ['100.64.0.9'],
  'linklocal.test': ['169.254.10.10'],
  'metadata.test': ['169.254.169.254'],
  'ec2v6.test': ['fd00:ec2::254'],
  'ula.test': ['fd12:3456::1'],
  'v6loop.test': ['::1'],
  'mapped.test': ['::ffff:127.0.0.1'],
  'multicast.test': ['224.0.0.251'],
  'mixed.test': ['93.184.216.34', '10.0.0.1'],
};

function fetcher(settings: NodeImageFetcherSettings = {}) {
  return createNodeImageFetcher({ resolve: resolverFrom(names), ...settings });
}

const at = (host: string, path = '/cat.png'): string => `http://${host}:${port}${path}`;

describe('createNodeImageFetcher: the request-forgery guard', () => {
  it.each([
    ['a loopback IPv4 literal', 'http://127.0.0.1:1/cat.png', 'loopback'],
    ['a loopback IPv6 literal', 'http://[::1]:1/cat.png', 'loopback'],
    ['an IPv4-mapped loopback literal', 'http://[::ffff:127.0.0.1]:1/cat.png', 'loopback'],
    ['a private literal', 'http://10.1.2.3/cat.png', 'private'],
    ['the metadata literal', 'http://169.254.169.254/latest/meta-data/', 'cloud metadata'],
    ['the AWS IPv6 metadata literal', 'http://[fd00:ec2::254]/latest/meta-data/', 'cloud metadata'],
    ['a name resolving to loopback', 'http://images.test:1/cat.png', 'loopback'],
    ['a name resolving to a private address', 'http://internal.test/cat.png', 'private'],
    ['a name resolving to a home-router address', 'http://router.test/cat.png', 'private'],
    ['a name resolving to carrier-grade NAT', 'http://cgnat.test/cat.png', 'carrier-grade NAT'],
    ['a name resolving to link-local', 'http://linklocal.test/cat.png', 'link-local'],
    ['a name resolving to the metadata address', 'http://metadata.test/', 'cloud metadata'],
    ['a name resolving to AWS IPv6 metadata', 'http://ec2v6.test/', 'cloud metadata'],
    ['a name resolving to unique-local IPv6', 'http://ula.test/cat.png', 'unique-local'],
    ['a name resolving to IPv6 loopback', 'http://v6loop.test/cat.png', 'loopback'],
    ['a name resolving to an IPv4-mapped loopback', 'http://mapped.test/cat.png', 'loopback'],
    ['a name resolving to multicast', 'http://multicast.test/cat.png', 'multicast'],
    ['a name with one private address among public ones', 'http://mixed.test/cat.png', 'private'],
  ])('refuses %s by default, naming the image and the class', async (_label, url, addressClass) => {
    const error = await fetcher().fetch({ url, source, maxBytes: 1024 }).catch((rejection: unknown) => rejection);
    expect(error).toMatchObject({ code: 'invalid_request', param: source });
    expect((error as Error).message).toContain(source);
    expect((error as Error).message).toContain(`a ${addressClass} address`);
  });

  it('fetches from loopback with allowPrivateAddresses, but never from a metadata address', async () => {
    const allowed = fetcher({ allowPrivateAddresses: true });
    const fetched = await allowed.fetch({ url: at('images.test'), source, maxBytes: 1024 });
    expect(Buffer.from(fetched.bytes).equals(png)).toBe(true);
    await expect(allowed.fetch({ url: 'http://metadata.test/', source, maxBytes: 1024 })).rejects.toMatchObject({ code: 'invalid_request', message: expect.stringContaining('cloud metadata') });
  });

  it('checks every redirect hop: a public-looking start that redirects to metadata, loopback or a private name is refused', async () => {
    // The first hop is the loopback test server (allowed), the second hop is judged on its own.
    const allowed = fetcher({ allowPrivateAddresses: true });
    await expect(allowed.fetch({ url: at('127.0.0.1', `/to/${encodeURIComponent('http://169.254.169.254/latest/meta-data/iam')}`), source, maxBytes: 1024 })).rejects.toMatchObject({
      code: 'invalid_request',
      message: expect.stringMatching(/redirected \(after 1 redirect\) to a host that is a cloud metadata address/),
    });
    // A redirect to a non-http scheme.
    await expect(allowed.fetch({ url: at('127.0.0.1', `/to/${encodeURIComponent('file:///etc/passwd')}`), source, maxBytes: 1024 })).rejects.toMatchObject({ message: expect.stringContaining('non-http(s)') });
  });

  it('refuses a redirect to a name that resolves to a private address when only the start is allowed', async () => {
    // allowPrivate lets the loopback start through; a resolver that marks internal.test as metadata shows the hop is re-resolved and re-checked.
    const resolve = resolverFrom({ ...names, 'internal.test': ['169.254.169.254'] });
    const guarded = createNodeImageFetcher({ allowPrivateAddresses: true, resolve });
    await expect(guarded.fetch({ url: at('images.test', `/to/${encodeURIComponent('http://internal.test/x.png')}`), source, maxBytes: 1024 })).rejects.toMatchObject({
      message: expect.stringContaining('redirected (after 1 redirect) to a host that is a cloud metadata address'),
    });
  });

  it('follows an allowed redirect and stops a redirect loop', async () => {
    const allowed = fetcher({ allowPrivateAddresses: true, maxRedirects: 2 });
    const fetched = await allowed.fetch({ url: at('images.test', `/to/${encodeURIComponent('/cat.png')}`), source, maxBytes: 1024 });
    expect(Buffer.from(fetched.bytes).equals(png)).toBe(true);
    await expect(allowed.fetch({ url: at('images.test', '/loop'), source, maxBytes: 1024 })).rejects.toMatchObject({ message: expect.stringContaining('redirected more than 2 times') });
  });

  it('connects to the address it checked: a second lookup that would answer differently is never made', async () => {
    const calls: string[] = [];
    let answered = 0;
    // First answer loopback (allowed here), every later answer the metadata address: DNS rebinding.
    const rebinding: HostResolver = async (hostname) => {
      calls.push(hostname);
      answered += 1;
      return [{ address: answered === 1 ? '127.0.0.1' : '169.254.169.254', family: 4 }];
    };
    const fetched = await createNodeImageFetcher({ allowPrivateAddresses: true, resolve: rebinding }).fetch({ url: `http://rebind.test:${port}/cat.png`, source, maxBytes: 1024 });
    expect(Buffer.from(fetched.bytes).equals(png)).toBe(true);
    // `rebind.test` does not exist in real DNS: had Node looked it up itself, the connection would have failed.
    expect(calls).toEqual(['rebind.test']);
  });

  it('refuses schemes other than http and https', async () => {
    for (const url of ['file:///etc/passwd', 'ftp://images.test/cat.png', 'gopher://images.test/', 'javascript:alert(1)']) {
      await expect(fetcher({ allowPrivateAddresses: true }).fetch({ url, source, maxBytes: 1024 })).rejects.toMatchObject({ code: 'invalid_request', message: expect.stringContaining('only http and https') });
    }
  });

  it('says so when a name does not resolve', async () => {
    await expect(fetcher().fetch({ url: 'http://nowhere.test/cat.png', source, maxBytes: 1024 })).rejects.toMatchObject({ code: 'invalid_request', message: expect.stringContaining('could not be resolved') });
  });
});

describe('createNodeImageFetcher: size, content and time', () => {
  const allowed = () => fetcher({ allowPrivateAddresses: true });

  it('refuses a declared content-length over the cap with payload_too_large', async () => {
    await expect(allowed().fetch({ url: at('images.test', '/big-declared.png'), source, maxBytes: 1000 })).rejects.toMatchObject({ code: 'payload_too_large', param: source, message: expect.stringContaining('1000 bytes') });
  });

  it('cuts a chunked body that grows over the cap', async () => {
    await expect(allowed().fetch({ url: at('images.test', '/big-chunked.png'), source, maxBytes: 2000 })).rejects.toMatchObject({ code: 'payload_too_large' });
    // Under the cap, the same body arrives whole.
    const whole = await allowed().fetch({ url: at('images.test', '/big-chunked.png'), source, maxBytes: 20_000 });
    expect(whole.bytes.length).toBe(png.length + 10_000);
  });

  it('refuses a body that is not an image by its first bytes, whatever its content-type says', async () => {
    await expect(allowed().fetch({ url: at('images.test', '/page.html'), source, maxBytes: 1024 })).rejects.toMatchObject({ code: 'unsupported_content', message: expect.stringContaining('not a PNG, JPEG, GIF or WebP') });
  });

  it('refuses a non-2xx answer, naming the status', async () => {
    await expect(allowed().fetch({ url: at('images.test', '/missing.png'), source, maxBytes: 1024 })).rejects.toMatchObject({ code: 'invalid_request', message: expect.stringContaining('HTTP 404') });
  });

  it('gives up on a server that never answers, with the timeout in the message', async () => {
    const quick = fetcher({ allowPrivateAddresses: true, timeoutMs: 100 });
    await expect(quick.fetch({ url: at('images.test', '/stall'), source, maxBytes: 1024 })).rejects.toMatchObject({ code: 'invalid_request', message: expect.stringContaining('could not be fetched within') });
  });

  it('gives up on a name lookup that never answers', async () => {
    const hung = createNodeImageFetcher({ timeoutMs: 100, resolve: () => new Promise(() => undefined) });
    await expect(hung.fetch({ url: 'http://slow-dns.test/cat.png', source, maxBytes: 1024 })).rejects.toMatchObject({ code: 'invalid_request', message: expect.stringContaining('could not be fetched within') });
  });

  it('stops when the client goes away', async () => {
    const controller = new AbortController();
    const pending = allowed().fetch({ url: at('images.test', '/stall'), source, maxBytes: 1024, signal: controller.signal });
    setImmediate(() => controller.abort());
    await expect(pending).rejects.toMatchObject({ code: 'request_aborted' });
  });

  it('never echoes the query of a URL (signed URLs carry credentials there)', async () => {
    const error = (await allowed().fetch({ url: at('images.test', '/missing.png?token=very-secret-token'), source, maxBytes: 1024 }).catch((rejection: unknown) => rejection)) as Error;
    expect(error.message).toContain('/missing.png');
    expect(error.message).not.toContain('very-secret-token');
  });
});
