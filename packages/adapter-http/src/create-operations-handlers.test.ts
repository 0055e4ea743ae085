import type { StatusReport } from '@asksage-proxy/core';
import { startTestApp } from './__fixtures__/start-test-app';
import type { TestApp } from './__fixtures__/start-test-app';

const report: StatusReport = {
  generatedAt: 2, since: 1, status: 'ready', counts: { scope: 'this-replica', label: 'this replica' }, keys: [], models: [], recentErrors: [], requestsPerMinute: { firstMinute: 0, counts: [] },
};

describe('the operations routes', () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('answer 404 naming the reason when the composition root wired no views', async () => {
    app = await startTestApp();
    for (const route of ['/metrics', '/status.json', '/status']) {
      const response = await fetch(`${app.url}${route}`);
      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: { message: string } }).error.message).toContain('turned off');
    }
  });

  it('serve the exposition with its content type, and status.json asking for month-to-date unless told not to', async () => {
    const asked: boolean[] = [];
    app = await startTestApp({
      operations: {
        metrics: async () => ({ contentType: 'text/plain; version=0.0.4; charset=utf-8', body: 'asksage_proxy_streams_in_flight 0\n' }),
        status: async ({ monthToDate }) => {
          asked.push(monthToDate);
          return report;
        },
      },
    });
    const metrics = await fetch(`${app.url}/metrics`);
    expect(metrics.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(await metrics.text()).toBe('asksage_proxy_streams_in_flight 0\n');
    expect(await (await fetch(`${app.url}/status.json`)).json()).toEqual(report);
    await fetch(`${app.url}/status.json?month_to_date=false`);
    expect(asked).toEqual([true, false]);
  });

  it('keep /metrics and /status.json behind proxy_api_keys, but not the page, which holds no data', async () => {
    app = await startTestApp({ options: { proxyApiKeys: ['token-1'] }, operations: { metrics: async () => ({ contentType: 'text/plain', body: '' }), status: async () => report } });
    expect((await fetch(`${app.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${app.url}/status.json`)).status).toBe(401);
    expect((await fetch(`${app.url}/metrics`, { headers: { authorization: 'Bearer token-1' } })).status).toBe(200);
    const page = await fetch(`${app.url}/status`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'unsafe-inline'");
    expect(await page.text()).toContain('fetch(\'status.json\'');
  });
});
