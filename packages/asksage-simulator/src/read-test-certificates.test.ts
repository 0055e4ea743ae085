import https from 'node:https';
import { existsSync } from 'node:fs';
import { DEMO_KEY } from './demo-key';
import { readTestCertificates } from './read-test-certificates';
import { startAskSageSimulator } from './start-asksage-simulator';
import type { RunningSimulator } from './simulator-types';

/** GET get-models over HTTPS trusting only `ca` (checking the name `servername` when given); resolves the status or the TLS error code. */
function getModels(simulator: RunningSimulator, ca: string, servername?: string): Promise<{ status?: number; errorCode?: string; body?: string }> {
  return new Promise((resolve) => {
    const request = https.request(
      { host: '127.0.0.1', servername, port: simulator.port, path: '/server/get-models', method: 'GET', ca, agent: false, headers: { 'x-access-tokens': DEMO_KEY } },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        response.on('end', () => resolve({ status: response.statusCode, body }));
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ errorCode: error.code }));
    request.end();
  });
}

describe('TLS with the committed test CA', () => {
  let simulator: RunningSimulator;
  beforeAll(async () => {
    simulator = await startAskSageSimulator({ tls: true });
  });
  afterAll(() => simulator.close());

  it('finds the PEM files and their paths', () => {
    const certificates = readTestCertificates();
    for (const path of [certificates.caPath, certificates.serverCertificatePath, certificates.serverKeyPath, certificates.untrustedCaPath]) expect(existsSync(path)).toBe(true);
    expect(certificates.ca).toContain('BEGIN CERTIFICATE');
    expect(certificates.serverKey).toContain('PRIVATE KEY');
    expect(certificates.untrustedCa).not.toBe(certificates.ca);
  });

  it('serves HTTPS that a client trusting the test CA accepts, for 127.0.0.1 and localhost', async () => {
    expect(simulator.url).toBe(`https://127.0.0.1:${simulator.port}`);
    const { ca } = readTestCertificates();
    const byIp = await getModels(simulator, ca);
    expect(byIp.status).toBe(200);
    expect(JSON.parse(byIp.body ?? '{}')).toMatchObject({ object: 'list', status: 200 });
    // Connect to 127.0.0.1 but check the DNS name: 'localhost' may resolve to ::1, where the simulator does not listen.
    expect((await getModels(simulator, ca, 'localhost')).status).toBe(200);
    expect((await getModels(simulator, ca, 'example.org')).errorCode).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
  });

  it('is rejected by a client trusting only an unrelated CA', async () => {
    const result = await getModels(simulator, readTestCertificates().untrustedCa);
    expect(result.status).toBeUndefined();
    expect(result.errorCode).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED|UNABLE_TO_GET_ISSUER_CERT/);
  });
});
