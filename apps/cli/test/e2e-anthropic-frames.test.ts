/**
 * Anthropic Messages on the wire, frame by frame, against the real CLI and the simulator: what the SDK's event
 * dispatch depends on (the `event:` line on every frame), heartbeats, in-band errors, and the probes Claude Code
 * makes.
 */
import { startAskSageSimulator, type RunningSimulator } from '@asksage-proxy/asksage-simulator';
import { startProxyProcess, type ProxyProcess } from './support/start-proxy-process';
import { readBodyReleasing } from './support/read-body-releasing';

const GOOD_KEY = 'e2e-anthropic-frames-'.padEnd(64, 'f');

interface Frame {
  event: string | undefined;
  data: unknown;
}

/** Splits an SSE body into frames; comments are kept out, an unnamed frame keeps `event` undefined. */
function parseFrames(body: string): Frame[] {
  return body
    .split('\n\n')
    .filter((block) => block.trim() !== '' && !block.startsWith(':'))
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((line) => line.startsWith('event: '))?.slice('event: '.length);
      const data = lines.filter((line) => line.startsWith('data: ')).map((line) => line.slice('data: '.length)).join('\n');
      return { event, data: JSON.parse(data) as unknown };
    });
}

// Both stream paths: AskSage's own frames as they arrive (`auto`), and the whole reply synthesized into events (`off`).
describe.each(['auto', 'off'])('Anthropic Messages SSE frames (native_streaming: %s)', (nativeStreaming) => {
  let simulator: RunningSimulator;
  let proxy: ProxyProcess;

  beforeAll(async () => {
    simulator = await startAskSageSimulator({ keys: [{ key: GOOD_KEY }] });
    proxy = await startProxyProcess({
      config: {
        api_keys: [{ key: GOOD_KEY, name: 'lab' }],
        asksage_server_base_url: simulator.serverBaseUrl,
        asksage_user_base_url: simulator.userBaseUrl,
        heartbeat_seconds: 0.05,
        native_streaming: nativeStreaming,
      },
    });
  });

  afterAll(async () => {
    await proxy?.stop();
    await simulator?.close();
  });

  beforeEach(() => simulator.reset());

  const post = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    fetch(`${proxy.url}/v1/messages?beta=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'dummy', 'anthropic-version': '2023-06-01', ...headers },
      body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 256, stream: true, messages: [{ role: 'user', content: 'frames please' }], ...body }),
    });

  it('names every frame, in message_start, block start/delta/stop, message_delta, message_stop order', async () => {
    const response = await post({});
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const frames = parseFrames(await response.text()).filter((frame) => frame.event !== 'ping');
    for (const frame of frames) expect((frame.data as { type: string }).type).toBe(frame.event);
    const names = frames.map((frame) => frame.event);
    expect(names[0]).toBe('message_start');
    expect(names[1]).toBe('content_block_start');
    expect(new Set(names.slice(2, -3))).toEqual(new Set(['content_block_delta']));
    expect(names.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
  });

  it('sends event: ping while AskSage is silent, after message_start and before the text', async () => {
    // AskSage stays silent until the client has had a ping: the order is held by the test, not raced by a delay.
    const hold = simulator.holdReplies();
    let response: Response;
    try {
      response = await post({});
    } catch (error) {
      hold.release();
      throw error;
    }
    const frames = parseFrames(await readBodyReleasing(response, 'event: ping', hold.release));
    const names = frames.map((frame) => frame.event);
    expect(names[0]).toBe('message_start');
    const firstPing = names.indexOf('ping');
    expect(firstPing).toBeGreaterThan(0);
    expect(firstPing).toBeLessThan(names.indexOf('content_block_start'));
    expect(frames[firstPing]?.data).toEqual({ type: 'ping' });
  });

  it('ends with one event: error frame, no message_stop, when AskSage fails after the headers', async () => {
    simulator.injectFault({ kind: 'http', status: 503, times: 'always' });
    // AskSage answers only once the client has the status line, which the proxy sends with its first heartbeat: the
    // failure comes after the headers by order. (Without the hold the retries' jittered backoff could end before the
    // first 50 ms heartbeat, and the proxy rightly answered a real 502 instead.)
    const hold = simulator.holdReplies();
    let response: Response;
    try {
      response = await post({});
    } finally {
      hold.release();
    }
    expect(response.status).toBe(200);
    const frames = parseFrames(await response.text()).filter((frame) => frame.event !== 'ping');
    expect(frames[0]?.event).toBe('message_start');
    const last = frames[frames.length - 1];
    expect(last?.event).toBe('error');
    expect(last?.data).toMatchObject({ type: 'error', error: { type: 'api_error', message: expect.stringContaining('AskSage') } });
    expect(frames.some((frame) => frame.event === 'message_stop')).toBe(false);
  });

  // Only AskSage's own streams can break off after some text; with `off` the proxy asks for whole replies.
  if (nativeStreaming === 'auto') {
    it('streams text, then event: error when AskSage breaks off mid-stream', async () => {
      simulator.injectFault({ kind: 'stream-error' });
      const hold = simulator.holdStreams();
      const response = await post({ messages: [{ role: 'user', content: '[[words:200]]' }] });
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      const decoder = new TextDecoder();
      let body = '';
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        body += decoder.decode(chunk.value, { stream: true });
        // The first text is with the client: only now does the simulator send its error frame.
        if (body.includes('event: content_block_delta')) hold.release();
      }
      const names = parseFrames(body).filter((frame) => frame.event !== 'ping').map((frame) => frame.event);
      expect(names.slice(0, 3)).toEqual(['message_start', 'content_block_start', 'content_block_delta']);
      expect(names[names.length - 1]).toBe('error');
      expect(names).not.toContain('message_stop');
    });
  }

  it('answers the probes Claude Code makes: HEAD / and GET /', async () => {
    expect((await fetch(`${proxy.url}/`, { method: 'HEAD' })).status).toBe(200);
    expect((await fetch(`${proxy.url}/`)).status).toBe(200);
  });

  it('answers a malformed body with an Anthropic error naming the field, not an OpenAI envelope', async () => {
    const response = await post({ messages: 'not a list' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { type: string; error: { type: string; message: string } };
    expect(body.type).toBe('error');
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toMatch(/messages/);
  });

  it('puts the Claude Code session id into the request log line', async () => {
    await (await post({ stream: false }, { 'x-claude-code-session-id': 'session-1234-abcd' })).text();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(proxy.output()).toContain('session-1234-abcd');
  });
});
