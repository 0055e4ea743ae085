import { createModelCatalog } from '../catalog/index';
import { isProxyError } from '../errors/proxy-error';
import { createKeyPool } from '../key-pool/create-key-pool';
import type { PassthroughSurface } from '../ports/passthrough-client';
import { createFakeImageFetcher, createFakePassthroughClient, createInstantClock, createRecordingLogger, createSeededRandom } from '../testing/index';
import type { FakeImageRoute } from '../testing/index';
import type { PassthroughGatewayOptions } from './create-passthrough-gateway';
import { createPassthroughGateway } from './create-passthrough-gateway';

const pngBase64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==';
const png = new Uint8Array(Buffer.from(pngBase64, 'base64'));
const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0, 1, 9, 9]);
const jpegBase64 = Buffer.from(jpeg).toString('base64');
const html = new TextEncoder().encode('<html>please log in</html>');
const key = `key_1-SECRET-${'s'.repeat(52)}`;
const photo = 'https://images.example/photo.png';
const other = 'https://images.example/other.jpg';
const pdf = new TextEncoder().encode('%PDF-1.4\n%%EOF\n');
const pdfBase64 = Buffer.from(pdf).toString('base64');
const paper = 'https://docs.example/papers/paper.pdf?sig=x';
const routes: Record<string, FakeImageRoute> = {
  [photo]: { bytes: png, contentType: 'image/png' },
  [other]: { bytes: jpeg },
  [paper]: { bytes: pdf, contentType: 'application/pdf' },
  'https://images.example/login': { bytes: html, contentType: 'image/png' },
};

function setUp(options: PassthroughGatewayOptions & { withoutFetcher?: boolean } = {}) {
  const clock = createInstantClock(Date.UTC(2026, 0, 1));
  const client = createFakePassthroughClient({ validKeys: [key], models: ['gpt-4o', 'google-claude-45-haiku'] });
  const fetcher = createFakeImageFetcher({ routes });
  const { withoutFetcher, ...gatewayOptions } = options;
  const gateway = createPassthroughGateway({
    passthrough: client,
    keyPool: createKeyPool({ keys: [{ name: 'key_1', key, weight: 1 }], clock }),
    catalog: createModelCatalog([{ id: 'gpt-4o', type: 'chat' }, { id: 'google-claude-45-haiku', type: 'chat' }], { defaultCreated: 1 }),
    clock,
    random: createSeededRandom(1),
    logger: createRecordingLogger().logger,
    ...(withoutFetcher === true ? {} : { imageFetcher: fetcher }),
    options: gatewayOptions,
  });
  const forward = (surface: PassthroughSurface, body: unknown) => gateway.forward(surface, body, { requestId: 'req_1' });
  const sent = () => client.calls.map((call) => call.body);
  return { forward, fetcher, sent, client };
}

const chat = (...urls: string[]) => ({
  model: 'gpt-4o',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, ...urls.map((url) => ({ type: 'image_url', image_url: { url, detail: 'low' } }))] }],
});

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  if (!isProxyError(error)) throw new Error(`expected a ProxyError, got ${String(error)}`);
  return error;
}

describe('passthrough gateway: image URLs are inlined in the surface\'s own form', () => {
  it('chat: fetches each image_url and sends it as a data: URL, keeping detail, in the client\'s order', async () => {
    const { forward, fetcher, sent } = setUp();
    const body = chat(photo, other);
    await forward('openai-chat', body);
    expect(fetcher.requests.map((request) => [request.url, request.source])).toEqual([[photo, 'messages[0].content[1]'], [other, 'messages[0].content[2]']]);
    expect(sent()[0]?.messages).toEqual([{ role: 'user', content: [
      { type: 'text', text: 'What is this?' },
      { type: 'image_url', image_url: { url: `data:image/png;base64,${pngBase64}`, detail: 'low' } },
      { type: 'image_url', image_url: { url: `data:image/jpeg;base64,${jpegBase64}`, detail: 'low' } },
    ] }]);
    // The client's own body is not modified.
    expect(body.messages[0]?.content[1]).toEqual({ type: 'image_url', image_url: { url: photo, detail: 'low' } });
  });

  it('Responses: an input_image URL becomes a data: URL', async () => {
    const { forward, sent } = setUp();
    await forward('openai-responses', { model: 'gpt-4o', input: [{ role: 'user', content: [{ type: 'input_text', text: 'Look' }, { type: 'input_image', image_url: other, detail: 'auto' }] }] });
    expect(sent()[0]?.input).toEqual([{ role: 'user', content: [{ type: 'input_text', text: 'Look' }, { type: 'input_image', image_url: `data:image/jpeg;base64,${jpegBase64}`, detail: 'auto' }] }]);
  });

  it('Anthropic: a URL source becomes a base64 source with the detected media type, also inside a tool result', async () => {
    const { forward, fetcher, sent } = setUp();
    await forward('anthropic-messages', {
      model: 'google-claude-45-haiku',
      max_tokens: 10,
      messages: [
        { role: 'user', content: [{ type: 'image', source: { type: 'url', url: photo } }] },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'screenshot', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: [{ type: 'image', source: { type: 'url', url: other } }] }] },
      ],
    });
    expect(fetcher.requests.map((request) => request.source)).toEqual(['messages[0].content[0]', 'messages[2].content[0].content[0]']);
    const messages = sent()[0]?.messages as Array<{ content: Array<Record<string, unknown>> }>;
    expect(messages[0]?.content[0]).toEqual({ type: 'image', source: { type: 'base64', media_type: 'image/png', data: pngBase64 } });
    expect(messages[2]?.content[0]?.content).toEqual([{ type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: jpegBase64 } }]);
  });

  it('leaves data: URLs and base64 sources as the client sent them, fetching nothing', async () => {
    const { forward, fetcher, sent } = setUp();
    const body = chat(`data:image/png;base64,${pngBase64}`);
    await forward('openai-chat', body);
    expect(fetcher.requests).toEqual([]);
    expect(sent()[0]?.messages).toEqual(body.messages);
  });

  it('passthrough_image_urls: forward sends URLs untouched and fetches nothing', async () => {
    const { forward, fetcher, sent } = setUp({ imageUrls: 'forward' });
    await forward('openai-chat', chat('http://127.0.0.1:9/private.png'));
    expect(fetcher.requests).toEqual([]);
    expect(sent()[0]?.messages).toEqual(chat('http://127.0.0.1:9/private.png').messages);
  });

  it('refuses a URL the guard refuses with a 400 naming the part, and calls no surface', async () => {
    const { forward, client } = setUp();
    const error = await refusal(forward('openai-chat', chat(photo, 'http://127.0.0.1:8080/cat.png')));
    expect(error.code).toBe('invalid_request');
    expect(error.param).toBe('messages[0].content[2]');
    expect(error.message).toContain('messages[0].content[2]: image URL');
    expect(client.calls).toEqual([]);
  });

  it('refuses a page that is not an image (by its bytes) and an image over max_image_bytes (413)', async () => {
    const notImage = await refusal(setUp().forward('openai-chat', chat('https://images.example/login')));
    expect(notImage.code).toBe('unsupported_content');
    expect(notImage.message).toContain('not a PNG, JPEG, GIF or WebP');
    const tooLarge = await refusal(setUp({ maxImageBytes: 10 }).forward('openai-chat', chat(photo)));
    expect(tooLarge.code).toBe('payload_too_large');
    expect(tooLarge.param).toBe('messages[0].content[1]');
  });

  it('refuses a non-http(s) scheme and, without a fetcher, any URL, naming the part', async () => {
    const scheme = await refusal(setUp().forward('openai-responses', { model: 'gpt-4o', input: [{ role: 'user', content: [{ type: 'input_image', image_url: 'file:///etc/passwd' }] }] }));
    expect(scheme).toMatchObject({ code: 'invalid_request', param: 'input[0].content[0]' });
    const noFetcher = await refusal(setUp({ withoutFetcher: true }).forward('openai-chat', chat(photo)));
    expect(noFetcher.message).toContain('this proxy fetches no image URLs');
  });

  it('fetches nothing for a request that fails validation (unknown model)', async () => {
    const { forward, fetcher } = setUp();
    const error = await refusal(forward('openai-chat', { ...chat(photo), model: 'no-such-model' }));
    expect(error.code).toBe('model_not_found');
    expect(fetcher.requests).toEqual([]);
  });

  it('does not look for images outside the conversation (a tool schema that looks like one)', async () => {
    const { forward, fetcher } = setUp();
    const tools = [{ type: 'function', function: { name: 'f', parameters: { type: 'image_url', image_url: { url: photo } } } }];
    await forward('openai-chat', { ...chat(), tools });
    expect(fetcher.requests).toEqual([]);
  });

  it('documents: an Anthropic document URL becomes a base64 PDF source, a Responses input_file URL becomes file_data', async () => {
    const { forward, sent, fetcher } = setUp();
    await forward('anthropic-messages', {
      model: 'google-claude-45-haiku',
      max_tokens: 64,
      messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: [{ type: 'document', title: 'Paper', source: { type: 'url', url: paper } }] }] }],
    });
    await forward('openai-responses', { model: 'gpt-4o', input: [{ role: 'user', content: [{ type: 'input_file', file_url: paper }] }] });
    const anthropic = sent()[0] as { messages: Array<{ content: Array<{ content: unknown[] }> }> };
    expect(anthropic.messages[0]?.content[0]?.content).toEqual([{ type: 'document', title: 'Paper', source: { type: 'base64', media_type: 'application/pdf', data: pdfBase64 } }]);
    expect(sent()[1]?.input).toEqual([{ role: 'user', content: [{ type: 'input_file', filename: 'paper.pdf', file_data: `data:application/pdf;base64,${pdfBase64}` }] }]);
    expect(fetcher.requests.map((request) => request.kind)).toEqual(['document', 'document']);
  });

  it('documents: a URL that is not a PDF, or over max_document_bytes, is refused naming the part', async () => {
    const body = (url: string) => ({ model: 'gpt-4o', input: [{ role: 'user', content: [{ type: 'input_file', file_url: url }] }] });
    const notPdf = await refusal(setUp().forward('openai-responses', body(photo)));
    expect(notPdf).toMatchObject({ code: 'unsupported_content', param: 'input[0].content[0]', message: expect.stringContaining('not a PDF document') });
    const tooLarge = await refusal(setUp({ maxDocumentBytes: 4 }).forward('openai-responses', body(paper)));
    expect(tooLarge.code).toBe('payload_too_large');
  });
});
