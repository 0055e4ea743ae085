/**
 * PDF documents end to end: the built CLI, the AskSage simulator, the official `@anthropic-ai/sdk` and `openai`
 * clients. Each PDF must reach AskSage as a multipart `file` part on /server/query with the exact bytes (SHA-256
 * recorded by the simulator), and AskSage's extracted text (a `<file-content>` block) reaches the client.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { startAskSageSimulator, type RunningSimulator } from '@asksage-proxy/asksage-simulator';
import { startProxyProcess, type ProxyProcess } from './support/start-proxy-process';

const GOOD_KEY = 'e2e-documents-key-'.padEnd(64, 'd');
const CLAUDE_MODEL = 'claude-sonnet-4-5-20250929';
// A complete one-page PDF (594 bytes, hand-written) whose page draws "Hello from a tiny PDF".
const pdf = readFileSync(path.join(__dirname, '__fixtures__', 'tiny.pdf'));
const pdfBase64 = pdf.toString('base64');
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const pdfFile = (filename: string) => ({ field: 'file', filename, mimeType: 'application/pdf', size: pdf.length, sha256: sha256(pdf) });

describe('PDF documents through the SDKs, the proxy and the AskSage simulator', () => {
  let simulator: RunningSimulator;
  let proxy: ProxyProcess;
  let documentServer: http.Server;
  let documentBase: string;

  beforeAll(async () => {
    documentServer = http.createServer((request, response) => {
      if (request.url === '/spec.pdf') response.writeHead(200, { 'content-type': 'application/pdf' }).end(pdf);
      else if (request.url === '/login') response.writeHead(200, { 'content-type': 'application/pdf' }).end('<html>please log in</html>');
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => documentServer.listen(0, '127.0.0.1', resolve));
    documentBase = `http://127.0.0.1:${(documentServer.address() as AddressInfo).port}`;
    simulator = await startAskSageSimulator({ keys: [{ key: GOOD_KEY }] });
    proxy = await startProxyProcess({
      config: { api_keys: [{ key: GOOD_KEY, name: 'lab' }], asksage_server_base_url: simulator.serverBaseUrl, asksage_user_base_url: simulator.userBaseUrl, allow_private_image_urls: true },
    });
  });

  afterAll(async () => {
    await proxy?.stop();
    await simulator?.close();
    await new Promise((resolve) => documentServer?.close(resolve));
  });

  beforeEach(() => simulator.reset());

  const queries = () => simulator.requests().filter((request) => request.path === '/server/query');
  const anthropic = () => new Anthropic({ baseURL: proxy.url, apiKey: 'unused', maxRetries: 0 });
  const openai = () => new OpenAI({ baseURL: proxy.baseURL, apiKey: 'unused', maxRetries: 0 });

  it('Anthropic SDK: a base64 document block is attached as a PDF file, and AskSage\'s extracted text comes back', async () => {
    const message = await anthropic().messages.create({
      model: CLAUDE_MODEL,
      max_tokens: 256,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Summarise this.' }, { type: 'document', title: 'Tiny', source: { type: 'base64', media_type: 'application/pdf', data: pdfBase64 } }] }],
    });
    const text = message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
    expect(text).toContain('"filename": "Tiny.pdf"');
    expect(text).toContain('Hello from a tiny PDF');
    const [query] = queries();
    expect(query?.files).toEqual([pdfFile('Tiny.pdf')]);
    expect(query?.body).toMatchObject({ message: [{ user: 'me', message: 'Summarise this.\n[document 1: attached as file Tiny.pdf]' }] });
  });

  it('Anthropic SDK: a PDF inside a tool_result (what Claude Code\'s Read sends) is attached, streaming', async () => {
    const stream = anthropic().messages.stream({
      model: CLAUDE_MODEL,
      max_tokens: 256,
      messages: [
        { role: 'user', content: 'Read tiny.pdf' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_01', name: 'Read', input: { file_path: '/tmp/tiny.pdf' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01', content: [{ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: pdfBase64 } }] }] },
      ],
    });
    const final = await stream.finalMessage();
    expect(final.stop_reason).toBe('end_turn');
    const [query] = queries();
    expect(query?.files).toEqual([pdfFile('document-1.pdf')]);
    expect(JSON.stringify(query?.body)).toContain('[document 1: attached as file document-1.pdf]');
  });

  it('Anthropic SDK: a document URL is fetched under the guard; a non-PDF is a 400 in Anthropic\'s error form', async () => {
    await anthropic().messages.create({ model: CLAUDE_MODEL, max_tokens: 64, messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'url', url: `${documentBase}/spec.pdf` } }] }] });
    expect(queries()[0]?.files).toEqual([pdfFile('document-1.pdf')]);
    const refused = await anthropic()
      .messages.create({ model: CLAUDE_MODEL, max_tokens: 64, messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'url', url: `${documentBase}/login` } }] }] })
      .then(() => undefined, (error: unknown) => error);
    expect(refused).toBeInstanceOf(Anthropic.BadRequestError);
    expect((refused as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('messages[0].content[0]: document URL') } });
    expect(queries()).toHaveLength(1);
  });

  it('OpenAI SDK, chat completions: a file part with file_data is attached under its filename', async () => {
    const completion = await openai().chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'What does it say?' }, { type: 'file', file: { filename: 'tiny.pdf', file_data: `data:application/pdf;base64,${pdfBase64}` } }] }],
    });
    expect(completion.choices[0]?.message.content).toContain('Hello from a tiny PDF');
    expect(queries()[0]?.files).toEqual([pdfFile('tiny.pdf')]);
    const byId = await openai()
      .chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: [{ type: 'file', file: { file_id: 'file-abc' } }] }] })
      .then(() => undefined, (error: unknown) => error);
    expect(byId).toBeInstanceOf(OpenAI.BadRequestError);
    expect((byId as InstanceType<typeof OpenAI.BadRequestError>).message).toContain('no Files API behind AskSage');
  });

  it('OpenAI SDK, Responses: input_file with file_data is attached', async () => {
    const response = await openai().responses.create({
      model: 'gpt-4o',
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'Summarise' }, { type: 'input_file', filename: 'tiny.pdf', file_data: `data:application/pdf;base64,${pdfBase64}` }] }],
    });
    expect(response.output_text).toContain('Hello from a tiny PDF');
    expect(queries()[0]?.files).toEqual([pdfFile('tiny.pdf')]);
  });
});
