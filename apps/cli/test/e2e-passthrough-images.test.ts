/**
 * Images in passthrough mode, end to end: the built CLI with `upstream_api: passthrough`, the simulator's
 * compatibility surfaces, the official OpenAI (chat, Responses) and Anthropic SDKs, and loopback image servers over
 * http and https. AskSage's surfaces cannot reach a loopback or intranet URL (and whether they fetch URLs at all is
 * unrecorded), so the proxy fetches each image URL under its guard and sends the bytes inline in the dialect's own
 * form. The simulator must receive exactly the image's base64; without `allow_private_image_urls` the request is
 * refused naming the part, nothing is fetched and no surface is called. `passthrough_image_urls: forward` sends URLs
 * as they are. An https image host is trusted through `cert_path` (the lab-CA case).
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { findTestCertificatePaths, readTestCertificates, startAskSageSimulator, type RunningSimulator } from '@asksage-proxy/asksage-simulator';
import { startProxyProcess, type ProxyProcess } from './support/start-proxy-process';

const KEY = 'e2e-passthrough-images-'.padEnd(64, 'p');
const CLAUDE_MODEL = 'claude-sonnet-4-5-20250929';
// A JPEG-signed body, distinct from anything else in the request; only its first bytes are checked.
const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(3000, 7)]);
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==', 'base64');
const jpegDataUrl = `data:image/jpeg;base64,${jpeg.toString('base64')}`;

const listen = async (server: http.Server | https.Server): Promise<number> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
};

describe('images in passthrough mode through the CLI and the real SDKs', () => {
  let simulator: RunningSimulator;
  let trusting: ProxyProcess;
  let guarded: ProxyProcess;
  let forwarding: ProxyProcess;
  let imageServer: http.Server;
  let tlsImageServer: https.Server;
  let imageBase: string;
  let tlsImageBase: string;
  let home: string;
  const imageRequests: string[] = [];

  beforeAll(async () => {
    const serve = (request: http.IncomingMessage, response: http.ServerResponse) => {
      imageRequests.push(request.url ?? '');
      if (request.url === '/photo.jpg') response.writeHead(200, { 'content-type': 'image/jpeg' }).end(jpeg);
      else if (request.url === '/chart.png') response.writeHead(200, { 'content-type': 'image/png' }).end(png);
      else response.writeHead(404).end();
    };
    imageServer = http.createServer(serve);
    const certificates = readTestCertificates();
    tlsImageServer = https.createServer({ cert: certificates.serverCertificate, key: certificates.serverKey }, serve);
    imageBase = `http://127.0.0.1:${await listen(imageServer)}`;
    tlsImageBase = `https://localhost:${await listen(tlsImageServer)}`;
    simulator = await startAskSageSimulator({ keys: [{ key: KEY }] });
    // The trusting proxy's cert_path is the test CA: it signed the https image server's certificate.
    home = mkdtempSync(path.join(tmpdir(), 'asksage-proxy-passthrough-images-'));
    copyFileSync(findTestCertificatePaths().caPath, path.join(home, 'lab-ca.pem'));
    const config = { api_keys: [{ key: KEY, name: 'lab' }], asksage_server_base_url: simulator.serverBaseUrl, asksage_user_base_url: simulator.userBaseUrl, upstream_api: 'passthrough' };
    [trusting, guarded, forwarding] = await Promise.all([
      startProxyProcess({ home, config: { ...config, allow_private_image_urls: true, cert_path: './lab-ca.pem' } }),
      startProxyProcess({ config }),
      startProxyProcess({ config: { ...config, passthrough_image_urls: 'forward' } }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([trusting?.stop(), guarded?.stop(), forwarding?.stop()]);
    await simulator?.close();
    await new Promise((resolve) => imageServer?.close(resolve));
    await new Promise((resolve) => tlsImageServer?.close(resolve));
    rmSync(home, { recursive: true, force: true });
  });

  beforeEach(() => {
    simulator.reset();
    imageRequests.length = 0;
  });

  const openai = (proxy: ProxyProcess) => new OpenAI({ baseURL: proxy.baseURL, apiKey: 'unused', maxRetries: 0 });
  const anthropic = (proxy: ProxyProcess) => new Anthropic({ baseURL: proxy.url, apiKey: 'unused', maxRetries: 0 });
  /** The second part (the image) of the first message the simulator's surface at `surfacePath` received. */
  const sentImagePart = (surfacePath: string): unknown => {
    const [body] = simulator.requests().filter((request) => request.path === surfacePath).map((request) => request.body as Record<string, Array<{ content: unknown[] }> | undefined>);
    return (body?.messages ?? body?.input)?.[0]?.content[1];
  };
  const CHAT_PATH = '/server/openai/v1/chat/completions';
  const chatAsking = (url: string): OpenAI.Chat.Completions.ChatCompletionMessageParam[] => [
    { role: 'user', content: [{ type: 'text', text: 'What is in the picture?' }, { type: 'image_url', image_url: { url, detail: 'low' } }] },
  ];
  const responsesInput = (url: string): OpenAI.Responses.ResponseInput => [
    { role: 'user', content: [{ type: 'input_text', text: 'What is in the picture?' }, { type: 'input_image', image_url: url, detail: 'auto' }] },
  ];
  const claudeAsking = (url: string): Anthropic.MessageParam[] => [
    { role: 'user', content: [{ type: 'text', text: 'What is in the picture?' }, { type: 'image', source: { type: 'url', url } }] },
  ];

  describe('with allow_private_image_urls: the loopback image reaches the surface inline, byte for byte', () => {
    it('OpenAI chat completions: image_url.url becomes a data: URL of the exact bytes', async () => {
      const completion = await openai(trusting).chat.completions.create({ model: 'gpt-4o', messages: chatAsking(`${imageBase}/photo.jpg`) });
      expect(completion.object).toBe('chat.completion');
      expect(imageRequests).toEqual(['/photo.jpg']);
      expect(sentImagePart(CHAT_PATH)).toEqual({ type: 'image_url', image_url: { url: jpegDataUrl, detail: 'low' } });
    });

    it('OpenAI Responses: input_image.image_url becomes a data: URL of the exact bytes', async () => {
      const response = await openai(trusting).responses.create({ model: 'gpt-4o', input: responsesInput(`${imageBase}/photo.jpg`) });
      expect(response.status).toBe('completed');
      expect(imageRequests).toEqual(['/photo.jpg']);
      expect(sentImagePart('/server/openai/v1/responses')).toEqual({ type: 'input_image', image_url: jpegDataUrl, detail: 'auto' });
    });

    it('Anthropic Messages: a URL source becomes a base64 source of the exact bytes, streamed', async () => {
      const final = await anthropic(trusting).messages.stream({ model: CLAUDE_MODEL, max_tokens: 256, messages: claudeAsking(`${imageBase}/photo.jpg`) }).finalMessage();
      expect(final.stop_reason).toBe('end_turn');
      expect(imageRequests).toEqual(['/photo.jpg']);
      expect(sentImagePart('/server/anthropic/v1/messages')).toEqual({ type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: jpeg.toString('base64') } });
    });

    it('fetches an https image host whose certificate the cert_path CA signed', async () => {
      await openai(trusting).chat.completions.create({ model: 'gpt-4o', messages: chatAsking(`${tlsImageBase}/chart.png`) });
      expect(imageRequests).toEqual(['/chart.png']);
      expect(sentImagePart(CHAT_PATH)).toEqual({ type: 'image_url', image_url: { url: `data:image/png;base64,${png.toString('base64')}`, detail: 'low' } });
    });
  });

  describe('by default: refused naming the part, nothing fetched, no surface called', () => {
    it('OpenAI chat completions', async () => {
      const error = await openai(guarded).chat.completions.create({ model: 'gpt-4o', messages: chatAsking(`${imageBase}/photo.jpg`) }).catch((rejection: unknown) => rejection);
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('messages[0].content[1]');
      expect((error as Error).message).toContain('messages[0].content[1]: image URL');
      expect((error as Error).message).toContain('loopback');
    });

    it('OpenAI Responses', async () => {
      const error = await openai(guarded).responses.create({ model: 'gpt-4o', input: responsesInput(`${imageBase}/photo.jpg`) }).catch((rejection: unknown) => rejection);
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expect((error as Error).message).toContain('input[0].content[1]: image URL');
    });

    it('Anthropic Messages, in Anthropic\'s error shape', async () => {
      const error = await anthropic(guarded).messages.create({ model: CLAUDE_MODEL, max_tokens: 256, messages: claudeAsking(`${imageBase}/photo.jpg`) }).catch((rejection: unknown) => rejection);
      expect(error).toBeInstanceOf(Anthropic.BadRequestError);
      expect((error as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
      expect((error as Error).message).toContain('messages[0].content[1]: image URL');
      expect((error as Error).message).toContain('allow_private_image_urls');
    });

    afterEach(() => {
      expect(imageRequests).toEqual([]);
      expect(simulator.requests().filter((request) => request.path.startsWith('/server/openai/') || request.path.startsWith('/server/anthropic/'))).toEqual([]);
    });
  });

  it('passthrough_image_urls: forward sends the URL to the surface as the client wrote it, fetching nothing', async () => {
    await openai(forwarding).chat.completions.create({ model: 'gpt-4o', messages: chatAsking(`${imageBase}/photo.jpg`) });
    expect(imageRequests).toEqual([]);
    expect(sentImagePart(CHAT_PATH)).toEqual({ type: 'image_url', image_url: { url: `${imageBase}/photo.jpg`, detail: 'low' } });
  });
});
