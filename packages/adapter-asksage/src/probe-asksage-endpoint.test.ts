import net from 'node:net';
import { readTestCertificates, startAskSageSimulator } from '@asksage-proxy/asksage-simulator';
import type { RunningSimulator } from '@asksage-proxy/asksage-simulator';
import { probeAskSageEndpoint } from './probe-asksage-endpoint';

describe('probeAskSageEndpoint against the simulator over HTTPS', () => {
  let simulator: RunningSimulator;
  const certificates = readTestCertificates();

  beforeAll(async () => {
    simulator = await startAskSageSimulator({ tls: true, keys: [{ key: 'probe-key' }], models: ['gpt-4o-mini'] });
  });
  afterAll(() => simulator.close());

  it('finds AskSage with the tenant CA (cert_path), on both roots, and leaves no socket open', async () => {
    expect(await probeAskSageEndpoint(`${simulator.serverBaseUrl}/get-models`, { caCertificate: certificates.ca })).toMatchObject({ verdict: 'ok' });
    expect(await probeAskSageEndpoint(`${simulator.userBaseUrl}/get-token-with-api-key`, { caCertificate: certificates.ca })).toMatchObject({ verdict: 'ok' });
    // The probe's agents are destroyed after it: the server sees every socket close (polled, not timed).
    for (let attempt = 0; attempt < 200 && simulator.openSockets() > 0; attempt += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(simulator.openSockets()).toBe(0);
  });

  it.each([
    ['no CA', undefined],
    ['an unrelated CA', certificates.untrustedCa],
  ])('fails with the adapter’s certificate advice under %s', async (_, caCertificate) => {
    const probe = await probeAskSageEndpoint(`${simulator.serverBaseUrl}/get-models`, { caCertificate });
    expect(probe).toMatchObject({ verdict: 'failed', detail: expect.stringContaining('cert_path') });
  });

  it('fails, without throwing, when cert_path holds no usable certificate', async () => {
    const probe = await probeAskSageEndpoint(`${simulator.serverBaseUrl}/get-models`, { caCertificate: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n' });
    expect(probe.verdict).toBe('failed');
  });
});

describe('probeAskSageEndpoint connection failures', () => {
  it('says how long it waited when the server never answers', async () => {
    const sockets = new Set<net.Socket>();
    const server = net.createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    try {
      expect(await probeAskSageEndpoint(`http://127.0.0.1:${port}/server/get-models`, { timeoutMs: 200 })).toEqual({
        url: `http://127.0.0.1:${port}/server/get-models`,
        verdict: 'failed',
        detail: 'no answer within 0 s',
      });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('reports a refused connection in the adapter’s words', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    expect(await probeAskSageEndpoint(`http://127.0.0.1:${port}/server/get-models`)).toMatchObject({ verdict: 'failed', detail: expect.stringContaining('ECONNREFUSED') });
  });
});
