import { createHash } from 'node:crypto';
import type { Conversation, ContentPart } from '../conversation/conversation';
import { isProxyError, ProxyError } from '../errors/proxy-error';
import type { FetchedImage, ImageFetcher, ImageFetchRequest } from '../ports/image-fetcher';
import { setUpAttachmentGateway } from './__fixtures__/set-up-attachment-gateway';

const pngBase64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==';
const png = new Uint8Array(Buffer.from(pngBase64, 'base64'));
const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0, 1]);
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

const setUp = setUpAttachmentGateway;

function conversation(...parts: ContentPart[]): Conversation {
  return { system: [], turns: [{ role: 'user', parts: [{ type: 'text', text: 'What is in these pictures?' }, ...parts] }], sampling: {} };
}

const inline = (data: string, source = 'messages[0].content[1]'): ContentPart => ({ type: 'image', mediaType: 'image/png', data, source });
const byUrl = (url: string, source = 'messages[0].content[1]'): ContentPart => ({ type: 'image', url, source });
const context = { requestId: 'req_1' };

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('gateway: images reach AskSage as files', () => {
  it('attaches a data: URL PNG with its exact bytes, and marks its place in the turn', async () => {
    const { gateway, upstream } = setUp();
    const outcome = await gateway.complete({ model: 'gpt-4o', conversation: conversation(inline(pngBase64)) }, context);
    const [call] = upstream.queries();
    expect(call?.files?.map((file) => ({ name: file.name, mediaType: file.mediaType, sha256: sha256(file.bytes) }))).toEqual([{ name: 'image-1.png', mediaType: 'image/png', sha256: sha256(png) }]);
    expect(call?.query?.message).toEqual([{ user: 'me', message: 'What is in these pictures?\n[image 1: attached as file image-1]' }]);
    // AskSage prepends its description of the file; the client sees it in the answer.
    expect(outcome.result.text).toContain('image-1.png');
  });

  it('fetches URL images through the port, in the client order, named by their detected type', async () => {
    const { gateway, upstream, fakeFetcher } = setUp({ routes: { 'https://img.example/a.jpg': { bytes: jpeg }, 'https://img.example/b.png': { bytes: png } } });
    await gateway.complete({ model: 'gpt-4o', conversation: conversation(byUrl('https://img.example/a.jpg', 'messages[0].content[1]'), inline(pngBase64, 'messages[0].content[2]'), byUrl('https://img.example/b.png', 'messages[0].content[3]')) }, context);
    expect(upstream.queries()[0]?.files?.map((file) => [file.name, sha256(file.bytes)])).toEqual([
      ['image-1.jpg', sha256(jpeg)],
      ['image-2.png', sha256(png)],
      ['image-3.png', sha256(png)],
    ]);
    expect(fakeFetcher.requests.map((request) => [request.url, request.source, request.maxBytes])).toEqual([
      ['https://img.example/a.jpg', 'messages[0].content[1]', 20 * 1024 * 1024],
      ['https://img.example/b.png', 'messages[0].content[3]', 20 * 1024 * 1024],
    ]);
  });

  it('streams natively with the files attached, and refuses a bad image before the stream opens', async () => {
    const { gateway, upstream } = setUp();
    const stream = await gateway.stream({ model: 'gpt-4o', conversation: conversation(inline(pngBase64)) }, context);
    let text = '';
    for await (const event of stream.events) if (event.type === 'text-delta') text += event.delta;
    expect(upstream.queries()[0]?.files?.[0]?.name).toBe('image-1.png');
    expect(text).toContain('<file-content>');
    const error = await rejection(gateway.stream({ model: 'gpt-4o', conversation: conversation(inline(Buffer.from('not an image at all').toString('base64'))) }, context));
    expect(error).toMatchObject({ code: 'unsupported_content', param: 'messages[0].content[1]' });
    expect(upstream.queries()).toHaveLength(1);
  });

  it('fetches nothing for a request refused for another reason (unknown model)', async () => {
    const { gateway, fakeFetcher, upstream } = setUp({ routes: { 'https://img.example/a.png': { bytes: png } } });
    const error = await rejection(gateway.complete({ model: 'no-such-model', conversation: conversation(byUrl('https://img.example/a.png')) }, context));
    expect(error).toMatchObject({ code: 'model_not_found' });
    expect(fakeFetcher.requests).toHaveLength(0);
    expect(upstream.queries()).toHaveLength(0);
  });

  it('refuses an image over max_image_bytes with payload_too_large naming it, costing no key anything', async () => {
    const { gateway, upstream, keyPool } = setUp({ service: { maxImageBytes: 50 }, routes: { 'https://img.example/a.png': { bytes: png } } });
    const inlineError = await rejection(gateway.complete({ model: 'gpt-4o', conversation: conversation(inline(pngBase64, 'messages[0].content[4]')) }, context));
    expect(inlineError).toMatchObject({ code: 'payload_too_large', param: 'messages[0].content[4]', message: expect.stringContaining('messages[0].content[4]') });
    const fetchedError = await rejection(gateway.complete({ model: 'gpt-4o', conversation: conversation(byUrl('https://img.example/a.png')) }, context));
    expect(fetchedError).toMatchObject({ code: 'payload_too_large' });
    expect(upstream.queries()).toHaveLength(0);
    expect(keyPool.snapshot()[0]?.state).toBe('healthy');
  });

  it('refuses what is not an image by its magic bytes, whatever media type it claims', async () => {
    const { gateway } = setUp();
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>').toString('base64');
    const error = await rejection(gateway.complete({ model: 'gpt-4o', conversation: conversation(inline(svg)) }, context));
    expect(error).toMatchObject({ code: 'unsupported_content', message: expect.stringContaining('not a PNG, JPEG, GIF or WebP') });
  });

  it('refuses malformed base64, non-http schemes and (without a fetcher) URLs, each naming the image', async () => {
    const { gateway } = setUp({ fetcher: null });
    await expect(gateway.complete({ model: 'gpt-4o', conversation: conversation(inline('@@@not base64@@@')) }, context)).rejects.toMatchObject({ code: 'invalid_request', param: 'messages[0].content[1]' });
    await expect(gateway.complete({ model: 'gpt-4o', conversation: conversation(byUrl('file:///etc/passwd')) }, context)).rejects.toMatchObject({ code: 'invalid_request', message: expect.stringContaining('unsupported scheme') });
    await expect(gateway.complete({ model: 'gpt-4o', conversation: conversation(byUrl('https://img.example/a.png?sig=SECRET123')) }, context)).rejects.toMatchObject({
      code: 'unsupported_content',
      message: expect.not.stringContaining('SECRET123'),
    });
  });

  it('reports the first refused image in the client order and keeps downloads within the concurrency bound', async () => {
    let inFlight = 0;
    let most = 0;
    const requests: ImageFetchRequest[] = [];
    const slow: ImageFetcher = {
      async fetch(request): Promise<FetchedImage> {
        requests.push(request);
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight -= 1;
        if (request.url.endsWith('bad')) throw new ProxyError('invalid_request', `${request.source}: refused`, { param: request.source });
        return { bytes: png };
      },
    };
    const { gateway } = setUp({ fetcher: slow, service: { imageFetchConcurrency: 2 } });
    const parts = ['ok', 'ok', 'bad', 'ok', 'bad'].map((name, index) => byUrl(`https://img.example/${index}-${name}`, `messages[0].content[${index + 1}]`));
    const error = await rejection(gateway.complete({ model: 'gpt-4o', conversation: conversation(...parts) }, context));
    expect(isProxyError(error) && error.param).toBe('messages[0].content[3]');
    expect(most).toBe(2);
    expect(requests).toHaveLength(5);
  });
});
