/**
 * A tenant with a private CA (ANL's asksage_anl_gov.pem), end to end: cert_path in config.yaml, relative to the
 * config file, makes the proxy trust the simulator's HTTPS certificate; the wrong CA is refused with a message that
 * points at cert_path.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findTestCertificatePaths, startAskSageSimulator, type RunningSimulator } from '@asksage-proxy/asksage-simulator';
import { driveChatRequest } from './support/drive-chat-request';
import { startProxyProcess } from './support/start-proxy-process';

const KEY = 'tls-e2e-key-'.padEnd(64, 't');

describe('HTTPS upstream through cert_path', () => {
  let simulator: RunningSimulator;
  const homes: string[] = [];

  beforeAll(async () => {
    simulator = await startAskSageSimulator({ tls: true, keys: [{ key: KEY }] });
    expect(simulator.url.startsWith('https://')).toBe(true);
  });

  afterAll(async () => {
    await simulator?.close();
    for (const home of homes) rmSync(home, { recursive: true, force: true });
  });

  async function proxyTrusting(caFile: string) {
    const home = mkdtempSync(path.join(tmpdir(), 'asksage-proxy-tls-'));
    homes.push(home);
    copyFileSync(caFile, path.join(home, 'tenant-ca.pem'));
    return startProxyProcess({
      home,
      config: {
        api_keys: [{ key: KEY, name: 'tenant' }],
        asksage_server_base_url: simulator.serverBaseUrl,
        asksage_user_base_url: simulator.userBaseUrl,
        cert_path: './tenant-ca.pem',
        max_attempts: 1,
      },
    });
  }

  it('trusts the tenant CA named by a relative cert_path', async () => {
    const proxy = await proxyTrusting(findTestCertificatePaths().caPath);
    try {
      const outcome = await driveChatRequest(proxy.url, { model: 'gpt-4o', messages: [{ role: 'user', content: 'over TLS' }] });
      expect(outcome).toMatchObject({ kind: 'completion' });
      expect(outcome.kind === 'completion' && outcome.text).toContain('over TLS');
    } finally {
      await proxy.stop();
    }
  });

  it('refuses an AskSage certificate the configured CA did not sign, and says to check cert_path', async () => {
    const proxy = await proxyTrusting(findTestCertificatePaths().untrustedCaPath);
    const queriesBefore = simulator.requests().filter((request) => request.path === '/server/query').length;
    try {
      const outcome = await driveChatRequest(proxy.url, { model: 'gpt-4o', messages: [{ role: 'user', content: 'over TLS' }] });
      expect(outcome).toMatchObject({ kind: 'error', status: 502, code: 'upstream_unavailable' });
      expect(outcome.kind === 'error' && outcome.message).toContain('cert_path');
      // The handshake fails before any request is sent: AskSage never sees the key.
      expect(simulator.requests().filter((request) => request.path === '/server/query')).toHaveLength(queriesBefore);
    } finally {
      await proxy.stop();
    }
  });
});
