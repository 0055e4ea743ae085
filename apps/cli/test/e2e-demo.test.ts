/**
 * The README's first Quick start command ends in `asksage-proxy --demo`: no config, no key, no network.
 */
import { startProxyProcess, type ProxyProcess } from './support/start-proxy-process';

describe('asksage-proxy --demo', () => {
  let proxy: ProxyProcess;

  beforeAll(async () => {
    proxy = await startProxyProcess({ args: ['--demo'] });
  });

  afterAll(async () => {
    await proxy?.stop();
  });

  it('prints a DEMO banner with the URL and a curl example', () => {
    expect(proxy.output()).toMatch(/DEMO/);
    expect(proxy.output()).toContain(proxy.url);
    expect(proxy.output()).toMatch(/curl .*\/v1\/chat\/completions/);
  });

  it('answers curl-style requests, non-streamed and streamed', async () => {
    const body = { model: 'gpt-4o', messages: [{ role: 'user', content: 'Hello demo' }] };
    const whole = await fetch(`${proxy.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(whole.status).toBe(200);
    const completion = (await whole.json()) as { choices: Array<{ message: { content: string } }> };
    expect(completion.choices[0]?.message.content).toContain('Hello demo');

    const streamed = await fetch(`${proxy.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...body, stream: true }),
    });
    expect(streamed.headers.get('content-type')).toContain('text/event-stream');
    const events = await streamed.text();
    expect(events.trim().endsWith('data: [DONE]')).toBe(true);
  });

  it('exits 0 on SIGTERM', async () => {
    const code = await proxy.stop('SIGTERM');
    expect(code).toBe(0);
  });
});
