import http from 'node:http';
import { OVERLOADED_TEXT } from './apply-fault';
import { DEMO_KEY } from './demo-key';
import { startAskSageSimulator } from './start-asksage-simulator';
import type { RunningSimulator } from './simulator-types';
import { STREAM_FRAME_SEPARATOR } from './write-query-stream';

const KEY = 'fault-key-'.padEnd(64, 'f');
const OTHER_KEY = 'other-key-'.padEnd(64, 'o');

interface RawReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** Set when the connection broke before the reply was complete. */
  error?: string;
}

/** A raw HTTP call on a fresh socket, so broken connections and partial bodies are observable. */
function rawQuery(simulator: RunningSimulator, body: Record<string, unknown> = {}, options: { path?: string; key?: string } = {}): Promise<RawReply> {
  return new Promise((resolve) => {
    const request = http.request(`${simulator.serverBaseUrl}${options.path ?? '/query'}`, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', 'x-access-tokens': options.key ?? KEY },
    });
    request.on('error', (error) => resolve({ status: 0, headers: {}, text: '', error: error.message }));
    request.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text }));
      response.on('aborted', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text, error: 'aborted' }));
      response.on('error', (error) => resolve({ status: response.statusCode ?? 0, headers: response.headers, text, error: error.message }));
    });
    request.end(JSON.stringify({ message: 'hi', model: 'gpt-4o', ...body }));
  });
}

describe('fault injection', () => {
  let simulator: RunningSimulator;
  beforeAll(async () => {
    simulator = await startAskSageSimulator({ keys: [{ key: KEY }, { key: OTHER_KEY }] });
  });
  afterAll(() => simulator.close());
  beforeEach(() => simulator.reset());

  it('http: 429 with AskSage\'s documented body and an optional Retry-After', async () => {
    simulator.injectFault({ kind: 'http', status: 429, retryAfter: 7 });
    simulator.injectFault({ kind: 'http', status: 429 });
    const first = await rawQuery(simulator);
    expect(first.status).toBe(429);
    expect(first.headers['retry-after']).toBe('7');
    expect(JSON.parse(first.text)).toEqual({ response: 'Too many requests', status: 429 });
    const second = await rawQuery(simulator);
    expect(second.status).toBe(429);
    expect(second.headers['retry-after']).toBeUndefined();
    expect((await rawQuery(simulator)).status).toBe(200);
  });

  it('http: 500 with an error_ref, 503 with Retry-After, and custom bodies and headers', async () => {
    simulator.injectFault({ kind: 'http', status: 500 });
    simulator.injectFault({ kind: 'http', status: 503, headers: { 'Retry-After': '2' } });
    simulator.injectFault({ kind: 'http', status: 502, body: 'upstream exploded' });
    const serverError = await rawQuery(simulator);
    expect(serverError.status).toBe(500);
    expect(JSON.parse(serverError.text)).toMatchObject({ response: 'Internal server error', status: 500, error_ref: expect.any(String) });
    const unavailable = await rawQuery(simulator);
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers['retry-after']).toBe('2');
    const custom = await rawQuery(simulator);
    expect(custom).toMatchObject({ status: 502, text: 'upstream exploded' });
  });

  it('envelope and overloaded: HTTP 200 bodies that are errors', async () => {
    simulator.injectFault({ kind: 'envelope', status: 400, text: 'Bad request' });
    simulator.injectFault({ kind: 'overloaded' });
    const envelope = await rawQuery(simulator);
    expect(envelope.status).toBe(200);
    expect(JSON.parse(envelope.text)).toEqual({ response: 'Bad request', status: 400 });
    const overloaded = await rawQuery(simulator);
    expect(overloaded.status).toBe(200);
    expect(JSON.parse(overloaded.text)).toMatchObject({ message: OVERLOADED_TEXT, usage: null });
  });

  it('delay: answers normally afterwards', async () => {
    simulator.injectFault({ kind: 'delay', ms: 20 });
    const reply = await rawQuery(simulator, { message: 'late' });
    expect(JSON.parse(reply.text)).toMatchObject({ status: 200, message: '\n\nEcho from gpt-4o: late' });
  });

  it('reset: the connection drops without a response', async () => {
    simulator.injectFault({ kind: 'reset' });
    const reply = await rawQuery(simulator);
    expect(reply.status).toBe(0);
    expect(reply.error).toBeDefined();
  });

  it('reset-mid-body: headers and half a JSON body, then the connection drops', async () => {
    simulator.injectFault({ kind: 'reset-mid-body' });
    const reply = await rawQuery(simulator);
    expect(reply.status).toBe(200);
    expect(reply.error).toBeDefined();
    expect(reply.text.length).toBeGreaterThan(0);
    expect(() => JSON.parse(reply.text)).toThrow();
  });

  it('bad-json, html and empty: complete replies that are not usable JSON', async () => {
    simulator.injectFault({ kind: 'bad-json' });
    simulator.injectFault({ kind: 'html', status: 502 });
    simulator.injectFault({ kind: 'empty' });
    const badJson = await rawQuery(simulator);
    expect(badJson).toMatchObject({ status: 200, headers: { 'content-type': 'application/json' } });
    expect(badJson.error).toBeUndefined();
    expect(() => JSON.parse(badJson.text)).toThrow();
    const html = await rawQuery(simulator);
    expect(html).toMatchObject({ status: 502, headers: { 'content-type': 'text/html' } });
    expect(html.text).toContain('<h1>502 Bad Gateway</h1>');
    const empty = await rawQuery(simulator);
    expect(empty).toMatchObject({ status: 200, text: '' });
  });

  it('stream-error: yield frames, then the streaming error frame, then the connection drops', async () => {
    simulator.injectFault({ kind: 'stream-error' });
    const reply = await rawQuery(simulator, { message: '[[words:200]]' }, { path: '/query_stream' });
    const frames = reply.text.split(STREAM_FRAME_SEPARATOR).map((frame) => JSON.parse(frame) as { type: string; status: number });
    expect(frames[0]?.type).toBe('yield');
    expect(frames.at(-1)).toMatchObject({ type: 'error', status: 500 });
    expect(frames.some((frame) => frame.type === 'completion')).toBe(false);
    expect(reply.error).toBeDefined();
  });

  it('matches faults by path, key and model; counts times; "always" never runs out', async () => {
    simulator.injectFault({ kind: 'http', status: 500, match: { key: OTHER_KEY } });
    simulator.injectFault({ kind: 'http', status: 503, match: { model: 'llma3' }, times: 2 });
    simulator.injectFault({ kind: 'http', status: 504, match: { path: '/get-models' }, times: 'always' });
    expect((await rawQuery(simulator)).status).toBe(200);
    expect((await rawQuery(simulator, {}, { key: OTHER_KEY })).status).toBe(500);
    expect((await rawQuery(simulator, {}, { key: OTHER_KEY })).status).toBe(200);
    expect((await rawQuery(simulator, { model: 'llma3' })).status).toBe(503);
    expect((await rawQuery(simulator, { model: 'llma3' })).status).toBe(503);
    expect((await rawQuery(simulator, { model: 'llma3' })).status).toBe(200);
    for (let attempt = 0; attempt < 3; attempt += 1) expect((await fetch(`${simulator.serverBaseUrl}/get-models`)).status).toBe(504);
  });

  it('a fault with probability 0 never fires and 1 always does', async () => {
    simulator.injectFault({ kind: 'http', status: 500, probability: 0, times: 'always' });
    expect((await rawQuery(simulator)).status).toBe(200);
    simulator.injectFault({ kind: 'http', status: 429, probability: 1 });
    expect((await rawQuery(simulator)).status).toBe(429);
  });

  it('accepts faults over HTTP (POST /__sim/faults, one or many) and rejects unknown kinds; reset clears them', async () => {
    const added = await fetch(`${simulator.url}/__sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ kind: 'http', status: 429 }, { kind: 'envelope', status: 400, text: 'nope' }]) });
    expect(await added.json()).toEqual({ ok: true, added: 2 });
    expect((await rawQuery(simulator)).status).toBe(429);
    const rejected = await fetch(`${simulator.url}/__sim/faults`, { method: 'POST', body: JSON.stringify({ kind: 'explode' }) });
    expect(rejected.status).toBe(400);
    simulator.reset();
    expect(JSON.parse((await rawQuery(simulator)).text)).toMatchObject({ status: 200 });
  });

  it('holds requests until released, recorded at once, and applies a fault injected while they wait', async () => {
    const hold = simulator.holdReplies();
    const order: string[] = [];
    const replied = rawQuery(simulator).then((reply) => {
      order.push('replied');
      return reply;
    });
    // Recorded on arrival, answered only after release.
    for (let attempt = 0; attempt < 200 && simulator.requests().length === 0; attempt += 1) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(simulator.requests()).toHaveLength(1);
    simulator.injectFault({ kind: 'http', status: 503 });
    order.push('released');
    hold.release();
    expect((await replied).status).toBe(503);
    expect(order).toEqual(['released', 'replied']);
    // Released for good: the next request is answered without a hold.
    expect(JSON.parse((await rawQuery(simulator)).text)).toMatchObject({ status: 200 });
  });

  it('applies the global latency to /query and still answers', async () => {
    const slow = await startAskSageSimulator({ latencyMs: 10 });
    try {
      const response = await fetch(`${slow.serverBaseUrl}/query`, { method: 'POST', headers: { 'x-access-tokens': DEMO_KEY }, body: '{"message":"slow","model":"gpt-4o"}' });
      expect(await response.json()).toMatchObject({ status: 200, message: '\n\nEcho from gpt-4o: slow' });
    } finally {
      await slow.close();
    }
  });
});
