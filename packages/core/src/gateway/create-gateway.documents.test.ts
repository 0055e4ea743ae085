import { createHash } from 'node:crypto';
import type { Conversation, ContentPart } from '../conversation/conversation';
import { setUpAttachmentGateway } from './__fixtures__/set-up-attachment-gateway';

// The magic-byte check reads `%PDF-`; the rest is a stand-in body (the e2e tests send a complete PDF).
const pdf = new Uint8Array(Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n'));
const pdfBase64 = Buffer.from(pdf).toString('base64');
const pngBase64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==';
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const context = { requestId: 'req_1' };

const setUp = setUpAttachmentGateway;

const doc = (fields: Partial<Extract<ContentPart, { type: 'document' }>>, source = 'messages[0].content[1]'): ContentPart => ({ type: 'document', source, ...fields });
const conversation = (...turns: ContentPart[][]): Conversation => ({ system: [], turns: turns.map((parts, index) => ({ role: index % 2 === 0 ? 'user' : 'assistant', parts })), sampling: {} });

describe('gateway: PDF documents reach AskSage as files', () => {
  it('attaches inline and fetched PDFs beside images, numbered apart, named by the client or document-N.pdf', async () => {
    const { gateway, upstream, fetcher } = setUp({ routes: { 'https://docs.example/spec.pdf': { bytes: pdf, contentType: 'application/pdf' } } });
    await gateway.complete(
      {
        model: 'gpt-4o',
        conversation: conversation([
          { type: 'text', text: 'Compare these.' },
          doc({ mediaType: 'application/pdf', data: pdfBase64, filename: '../../etc/Q3 report.PDF' }),
          { type: 'image', mediaType: 'image/png', data: pngBase64, source: 'messages[0].content[2]' },
          doc({ url: 'https://docs.example/spec.pdf' }, 'messages[0].content[3]'),
          doc({ data: pdfBase64, filename: 'Q3 report.pdf' }, 'messages[0].content[4]'),
        ]),
      },
      context,
    );
    const [call] = upstream.queries();
    expect(call?.files?.map((file) => [file.name, file.mediaType, sha256(file.bytes)])).toEqual([
      ['Q3 report.pdf', 'application/pdf', sha256(pdf)],
      ['image-1.png', 'image/png', expect.any(String)],
      ['document-2.pdf', 'application/pdf', sha256(pdf)],
      // A name an earlier document took falls back to the number, so every marker names one file.
      ['document-3.pdf', 'application/pdf', sha256(pdf)],
    ]);
    expect(call?.query?.message).toEqual([
      {
        user: 'me',
        message:
          'Compare these.\n[document 1: attached as file Q3 report.pdf]\n[image 1: attached as file image-1]\n[document 2: attached as file document-2.pdf]\n[document 3: attached as file document-3.pdf]',
      },
    ]);
    expect(fetcher.requests.map((request) => [request.url, request.kind])).toEqual([['https://docs.example/spec.pdf', 'document']]);
  });

  it('attaches a PDF a tool returned (Claude Code reading a PDF) right after the tool result', async () => {
    const { gateway, upstream } = setUp();
    await gateway.complete(
      {
        model: 'gpt-4o',
        conversation: conversation(
          [{ type: 'text', text: 'Read a.pdf' }],
          [{ type: 'tool-call', id: 'toolu_1', name: 'Read', arguments: '{"file_path":"a.pdf"}' }],
          [{ type: 'tool-result', callId: 'toolu_1', content: '' }, doc({ mediaType: 'application/pdf', data: pdfBase64 }, 'messages[2].content[0].content[0]')],
        ),
      },
      context,
    );
    const [call] = upstream.queries();
    expect(call?.files?.map((file) => file.name)).toEqual(['document-1.pdf']);
    expect(call?.query?.message.at(-1)).toEqual({ user: 'me', message: '[tool result for toolu_1 (Read)]\n\n[document 1: attached as file document-1.pdf]' });
  });

  it('refuses what is not a PDF by its first bytes, whatever it claims, naming the part, before any key is used', async () => {
    const { gateway, upstream, keyPool } = setUp({ routes: { 'https://docs.example/login': { bytes: new Uint8Array(Buffer.from('<html>Sign in</html>')), contentType: 'application/pdf' } } });
    const docx = Buffer.from('PK\u0003\u0004word/document.xml').toString('base64');
    await expect(gateway.complete({ model: 'gpt-4o', conversation: conversation([doc({ mediaType: 'application/pdf', data: docx })]) }, context)).rejects.toMatchObject({
      code: 'unsupported_content',
      param: 'messages[0].content[1]',
      message: expect.stringContaining('not a PDF document (checked by its first bytes)'),
    });
    await expect(gateway.complete({ model: 'gpt-4o', conversation: conversation([doc({ url: 'https://docs.example/login' }, 'input[0].content[2]')]) }, context)).rejects.toMatchObject({
      code: 'unsupported_content',
      param: 'input[0].content[2]',
    });
    expect(upstream.queries()).toHaveLength(0);
    expect(keyPool.snapshot()[0]?.state).toBe('healthy');
  });

  it('refuses a PDF over max_document_bytes with 413 naming the setting; images keep their own cap', async () => {
    const { gateway, upstream } = setUp({ service: { maxDocumentBytes: 20, maxImageBytes: 1_000_000 }, routes: { 'https://docs.example/big.pdf': { bytes: pdf } } });
    const inline = gateway.complete({ model: 'gpt-4o', conversation: conversation([doc({ data: pdfBase64 })]) }, context);
    await expect(inline).rejects.toMatchObject({ code: 'payload_too_large', param: 'messages[0].content[1]', message: expect.stringContaining('the document is larger than the proxy\'s limit of 20 bytes (max_document_bytes)') });
    await expect(gateway.complete({ model: 'gpt-4o', conversation: conversation([doc({ url: 'https://docs.example/big.pdf' })]) }, context)).rejects.toMatchObject({ code: 'payload_too_large' });
    await gateway.complete({ model: 'gpt-4o', conversation: conversation([{ type: 'image', data: pngBase64, source: 'messages[0].content[1]' }]) }, context);
    expect(upstream.queries()).toHaveLength(1);
  });

  it('refuses malformed base64 and non-http(s) document URLs with 400s naming the part', async () => {
    const { gateway } = setUp();
    await expect(gateway.complete({ model: 'gpt-4o', conversation: conversation([doc({ data: '@@@' })]) }, context)).rejects.toMatchObject({ code: 'invalid_request', message: expect.stringContaining('not valid base64 document data') });
    await expect(gateway.complete({ model: 'gpt-4o', conversation: conversation([doc({ url: 'file:///etc/passwd' })]) }, context)).rejects.toMatchObject({ code: 'invalid_request', message: expect.stringContaining('document URL') });
  });
});
