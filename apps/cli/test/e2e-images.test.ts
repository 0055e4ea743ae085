/**
 * Images end to end: the built CLI, the AskSage simulator, the official `openai` client, and a loopback image server.
 * Each image must reach AskSage as a multipart `file` part on /server/query with the exact bytes (SHA-256 recorded by
 * the simulator); URL images are fetched under the request-forgery guard, which refuses loopback unless
 * `allow_private_image_urls: true`.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { startAskSageSimulator, type RunningSimulator } from '@asksage-proxy/asksage-simulator';
import { expectOpenAISchema } from '../../../test-support/openai-spec-validator';
import { startProxyProcess, type ProxyProcess } from './support/start-proxy-process';

const GOOD_KEY = 'e2e-images-key-'.padEnd(64, 'i');
const CLAUDE_MODEL = 'claude-sonnet-4-5-20250929';
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==', 'base64');
// A JPEG-signed body large enough to tell apart from the PNG; only the first bytes are checked.
const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(3000, 7)]);
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const dataUrl = (bytes: Buffer, type = 'image/png'): string => `data:${type};base64,${bytes.toString('base64')}`;

type Part = OpenAI.Chat.Completions.ChatCompletionContentPart;
const ask = (...images: string[]): OpenAI.Chat.Completions.ChatCompletionMessageParam[] => [
  { role: 'user', content: [{ type: 'text', text: 'What is in the picture?' }, ...images.map((url): Part => ({ type: 'image_url', image_url: { url } }))] },
];

describe('images through the OpenAI SDK, the proxy and the AskSage simulator', () => {
  let simulator: RunningSimulator;
  let guarded: ProxyProcess;
  let trusting: ProxyProcess;
  let imageServer: http.Server;
  let imageBase: string;
  const imageRequests: string[] = [];

  beforeAll(async () => {
    imageServer = http.createServer((request, response) => {
      imageRequests.push(request.url ?? '');
      if (request.url === '/photo.jpg') response.writeHead(200, { 'content-type': 'image/jpeg' }).end(jpeg);
      else if (request.url === '/to-metadata') response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      else if (request.url === '/login.html') response.writeHead(200, { 'content-type': 'image/png' }).end('<html>please log in</html>');
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => imageServer.listen(0, '127.0.0.1', resolve));
    imageBase = `http://127.0.0.1:${(imageServer.address() as AddressInfo).port}`;
    simulator = await startAskSageSimulator({ keys: [{ key: GOOD_KEY }] });
    const config = { api_keys: [{ key: GOOD_KEY, name: 'lab' }], asksage_server_base_url: simulator.serverBaseUrl, asksage_user_base_url: simulator.userBaseUrl };
    [guarded, trusting] = await Promise.all([
      startProxyProcess({ config: { ...config, max_image_bytes: 2000 } }),
      startProxyProcess({ config: { ...config, allow_private_image_urls: true } }),
    ]);
  });

  afterAll(async () => {
    await guarded?.stop();
    await trusting?.stop();
    await simulator?.close();
    await new Promise((resolve) => imageServer?.close(resolve));
  });

  beforeEach(() => {
    simulator.reset();
    imageRequests.length = 0;
  });

  const client = (proxy: ProxyProcess) => new OpenAI({ baseURL: proxy.baseURL, apiKey: 'unused', maxRetries: 0 });
  const queries = () => simulator.requests().filter((request) => request.path === '/server/query');

  it('sends a PNG data URL to AskSage as a multipart file part with the exact bytes', async () => {
    const completion = await client(guarded).chat.completions.create({ model: 'gpt-4o', messages: ask(dataUrl(png)) });
    expectOpenAISchema('CreateChatCompletionResponse', completion);
    // AskSage prepends its description of the file (protocol doc §3.2); the client sees it.
    expect(completion.choices[0]?.message.content).toContain('"filename": "image-1.png"');
    const [query] = queries();
    expect(query?.bodyType).toBe('multipart');
    expect(query?.files).toEqual([{ field: 'file', filename: 'image-1.png', mimeType: 'image/png', size: png.length, sha256: sha256(png) }]);
    expect(query?.body).toMatchObject({ model: 'gpt-4o', usage: true, message: [{ user: 'me', message: 'What is in the picture?\n[image 1: attached as file image-1]' }] });
  });

  it('streams an answer about a data URL image, with the file attached to the streamed query', async () => {
    const stream = await client(guarded).chat.completions.create({ model: 'gpt-4o', messages: ask(dataUrl(png)), stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toContain('<file-content>');
    expect(queries()[0]?.files?.map((file) => file.sha256)).toEqual([sha256(png)]);
  });

  it('fetches an http URL from a loopback server when allow_private_image_urls is true', async () => {
    await client(trusting).chat.completions.create({ model: 'gpt-4o', messages: ask(`${imageBase}/photo.jpg`, dataUrl(png)) });
    expect(imageRequests).toEqual(['/photo.jpg']);
    expect(queries()[0]?.files).toEqual([
      { field: 'file', filename: 'image-1.jpg', mimeType: 'image/jpeg', size: jpeg.length, sha256: sha256(jpeg) },
      { field: 'file', filename: 'image-2.png', mimeType: 'image/png', size: png.length, sha256: sha256(png) },
    ]);
  });

  it('refuses the same loopback URL by default with a 400 naming the image, fetching nothing and calling no AskSage', async () => {
    const error = await client(guarded).chat.completions.create({ model: 'gpt-4o', messages: ask(`${imageBase}/photo.jpg?token=hunter2`) }).catch((rejection: unknown) => rejection);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const apiError = error as InstanceType<typeof OpenAI.BadRequestError>;
    expect(apiError.message).toContain('messages[0].content[1]');
    expect(apiError.message).toContain('loopback');
    expect(apiError.message).not.toContain('hunter2');
    expect(apiError.param).toBe('messages[0].content[1]');
    expect(imageRequests).toEqual([]);
    expect(queries()).toEqual([]);
  });

  it('refuses a redirect to the cloud metadata address even when private URLs are allowed', async () => {
    const error = await client(trusting).chat.completions.create({ model: 'gpt-4o', messages: ask(`${imageBase}/to-metadata`) }).catch((rejection: unknown) => rejection);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as Error).message).toContain('cloud metadata');
    expect(queries()).toEqual([]);
  });

  it('answers 413 for an image over max_image_bytes and 400 for a page that is not an image', async () => {
    const big = Buffer.concat([png.subarray(0, 8), Buffer.alloc(3000)]);
    const tooLarge = await client(guarded).chat.completions.create({ model: 'gpt-4o', messages: ask(dataUrl(big)) }).catch((rejection: unknown) => rejection);
    expect((tooLarge as { status?: number }).status).toBe(413);
    expect((tooLarge as Error).message).toContain('max_image_bytes');
    const notImage = await client(trusting).chat.completions.create({ model: 'gpt-4o', messages: ask(`${imageBase}/login.html`) }).catch((rejection: unknown) => rejection);
    expect(notImage).toBeInstanceOf(OpenAI.BadRequestError);
    expect((notImage as Error).message).toContain('not a PNG, JPEG, GIF or WebP');
    expect(queries()).toEqual([]);
  });

  describe('through the Anthropic SDK (image blocks)', () => {
    const anthropic = (proxy: ProxyProcess) => new Anthropic({ baseURL: proxy.url, apiKey: 'unused', maxRetries: 0 });
    const block = (source: Anthropic.ImageBlockParam['source']): Anthropic.MessageParam[] => [
      { role: 'user', content: [{ type: 'text', text: 'What is in the picture?' }, { type: 'image', source }] },
    ];

    it('sends a base64 image block to AskSage as a file part with the exact bytes', async () => {
      const message = await anthropic(guarded).messages.create({ model: CLAUDE_MODEL, max_tokens: 256, messages: block({ type: 'base64', media_type: 'image/png', data: png.toString('base64') }) });
      expect(message.content[0]?.type === 'text' ? message.content[0].text : '').toContain('"filename": "image-1.png"');
      expect(queries()[0]?.files).toEqual([{ field: 'file', filename: 'image-1.png', mimeType: 'image/png', size: png.length, sha256: sha256(png) }]);
    });

    it('fetches a URL image block from loopback when allowed, and refuses it by default naming the block', async () => {
      const stream = anthropic(trusting).messages.stream({ model: CLAUDE_MODEL, max_tokens: 256, messages: block({ type: 'url', url: `${imageBase}/photo.jpg` }) });
      const final = await stream.finalMessage();
      expect(final.stop_reason).toBe('end_turn');
      expect(queries()[0]?.files?.map((file) => [file.filename, file.sha256])).toEqual([['image-1.jpg', sha256(jpeg)]]);
      simulator.reset();
      imageRequests.length = 0;
      const error = await anthropic(guarded).messages.create({ model: CLAUDE_MODEL, max_tokens: 256, messages: block({ type: 'url', url: `${imageBase}/photo.jpg` }) }).catch((rejection: unknown) => rejection);
      expect(error).toBeInstanceOf(Anthropic.BadRequestError);
      expect((error as Error).message).toContain('messages[0].content[1]');
      expect((error as Error).message).toContain('loopback');
      expect(imageRequests).toEqual([]);
      expect(queries()).toEqual([]);
    });
  });

  describe('through the OpenAI SDK Responses API (input_image parts)', () => {
    const input = (imageUrl: string): OpenAI.Responses.ResponseInput => [
      { role: 'user', content: [{ type: 'input_text', text: 'What is in the picture?' }, { type: 'input_image', image_url: imageUrl, detail: 'auto' }] },
    ];

    it('sends a data URL input_image to AskSage as a file part with the exact bytes', async () => {
      const response = await client(guarded).responses.create({ model: 'gpt-4o', input: input(dataUrl(png)) });
      expect(response.output_text).toContain('"filename": "image-1.png"');
      expect(queries()[0]?.files).toEqual([{ field: 'file', filename: 'image-1.png', mimeType: 'image/png', size: png.length, sha256: sha256(png) }]);
    });

    it('fetches a loopback input_image URL when allowed, and refuses it by default naming the part', async () => {
      const stream = await client(trusting).responses.create({ model: 'gpt-4o', input: input(`${imageBase}/photo.jpg`), stream: true });
      let text = '';
      for await (const event of stream) if (event.type === 'response.output_text.delta') text += event.delta;
      expect(text).toContain('image-1.jpg');
      expect(queries()[0]?.files?.map((file) => [file.filename, file.sha256])).toEqual([['image-1.jpg', sha256(jpeg)]]);
      simulator.reset();
      imageRequests.length = 0;
      const error = await client(guarded).responses.create({ model: 'gpt-4o', input: input(`${imageBase}/photo.jpg`) }).catch((rejection: unknown) => rejection);
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expect((error as Error).message).toContain('input[0].content[1]');
      expect((error as Error).message).toContain('loopback');
      expect(imageRequests).toEqual([]);
      expect(queries()).toEqual([]);
    });
  });
});
