import { ProxyError } from '@asksage-proxy/core';
import { expectOpenAISchema, expectResponseStreamEvent } from '../../../test-support/openai-spec-validator';
import { createFakeGateway, failingEvents } from './__fixtures__/create-fake-gateway';
import { startTestApp } from './__fixtures__/start-test-app';
import type { TestApp } from './__fixtures__/start-test-app';

/** `event:`/`data:` blocks of an SSE body, comments skipped. */
function readEvents(body: string): Array<{ event?: string; data: { type: string } & Record<string, unknown> }> {
  return body
    .split('\n\n')
    .map((block) => block.split('\n').filter((line) => line !== '' && !line.startsWith(':')))
    .filter((lines) => lines.length > 0)
    .map((lines) => ({
      event: lines.find((line) => line.startsWith('event: '))?.slice(7),
      data: JSON.parse(lines.filter((line) => line.startsWith('data: ')).map((line) => line.slice(6)).join('\n')),
    }));
}

describe('Responses API routes', () => {
  let app: TestApp;
  afterEach(async () => app?.close());

  const post = (body: unknown) => fetch(`${app.url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('answers POST /v1/responses (and /responses) through the gateway with a spec Response', async () => {
    app = await startTestApp();
    const response = await post({ model: 'gpt-4.1', instructions: 'Be brief.', input: 'Hi' });
    expect(response.status).toBe(200);
    const body = await response.json();
    expectOpenAISchema('Response', body);
    expect(body).toMatchObject({ id: 'resp_1', object: 'response', output: [{ type: 'message', content: [{ text: 'Hello there.' }] }] });
    expect(app.gateway.calls[0]?.request.conversation.system).toEqual(['Be brief.']);
    const bare = await fetch(`${app.url}/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4.1', input: 'Hi' }) });
    expect(bare.status).toBe(200);
  });

  it('streams named events and ends with response.failed, and nothing after it, when the events fail', async () => {
    const failure = new ProxyError('upstream_unavailable', 'AskSage answered HTTP 503; try again shortly.', { isRetryable: true });
    app = await startTestApp({ gateway: createFakeGateway({ stream: async (request) => ({ model: request.model, events: failingEvents(failure, { type: 'text-delta', delta: 'par' }) }) }) });
    const response = await post({ model: 'gpt-4.1', input: 'Hi', stream: true });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = readEvents(await response.text());
    for (const { event, data } of events) {
      expect(event).toBe(data.type);
      expectResponseStreamEvent(data);
    }
    expect(events.at(-1)?.data).toMatchObject({ type: 'response.failed', response: { status: 'failed', error: { message: failure.message } } });
    expect(app.logger.entries.some((entry) => entry.level === 'warn' && JSON.stringify(entry.fields).includes('upstream_unavailable'))).toBe(true);
  });

  it('reports a dropped hosted tool once through the app logger', async () => {
    app = await startTestApp();
    const body = { model: 'gpt-4.1', input: 'Hi', tools: [{ type: 'web_search' }, { type: 'function', name: 'f', parameters: {} }] };
    expect((await post(body)).status).toBe(200);
    expect((await post(body)).status).toBe(200);
    expect(app.logger.entries.filter((entry) => entry.level === 'info' && entry.message.includes('web_search'))).toHaveLength(1);
    expect(app.gateway.calls[0]?.request.conversation.tools?.map((tool) => tool.name)).toEqual(['f']);
  });

  it('answers GET and DELETE of an unknown (or never stored) response with a 404 envelope naming it', async () => {
    app = await startTestApp();
    for (const method of ['GET', 'DELETE']) {
      const response = await fetch(`${app.url}/v1/responses/resp_missing`, { method });
      expect(response.status).toBe(404);
      const envelope = (await response.json()) as { error: { message: string; code: string } };
      expectOpenAISchema('ErrorResponse', envelope);
      expect(envelope.error.message).toContain("'resp_missing'");
    }
  });

  it('lists the routes in GET / and answers 405 with Allow for other methods', async () => {
    app = await startTestApp();
    const index = (await (await fetch(`${app.url}/`)).json()) as { endpoints: string[] };
    expect(index.endpoints).toEqual(expect.arrayContaining(['POST /v1/responses', 'GET /v1/responses/{response_id}', 'DELETE /v1/responses/{response_id}']));
    const put = await fetch(`${app.url}/v1/responses/resp_1`, { method: 'PUT' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toContain('DELETE');
  });
});
