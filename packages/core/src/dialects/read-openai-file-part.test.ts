import { ProxyError } from '../errors/proxy-error';
import { readUserContentParts } from './openai-chat/read-user-content-parts';
import { readMessageContent } from './openai-responses/read-message-content';

function thrown(run: () => unknown): ProxyError {
  try {
    run();
  } catch (error) {
    if (error instanceof ProxyError) return error;
  }
  throw new Error('expected a ProxyError');
}

describe('OpenAI file parts become document parts', () => {
  it('chat: a file part with a data: URL or bare base64, keeping the filename and its place', () => {
    const parts = readUserContentParts(
      [
        { type: 'text', text: 'Summarise' },
        { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0=', filename: 'report.pdf' } },
        { type: 'file', file: { file_data: 'JVBERi0=' } },
      ],
      'messages[1]',
    );
    expect(parts).toEqual([
      { type: 'text', text: 'Summarise' },
      { type: 'document', mediaType: 'application/pdf', data: 'JVBERi0=', filename: 'report.pdf', source: 'messages[1].content[1]' },
      { type: 'document', data: 'JVBERi0=', source: 'messages[1].content[2]' },
    ]);
  });

  it('chat: a file_id is a clear 400 (no Files API), a non-base64 data: URL too', () => {
    const byId = thrown(() => readUserContentParts([{ type: 'file', file: { file_id: 'file-abc' } }], 'messages[0]'));
    expect(byId).toMatchObject({ code: 'unsupported_content', param: 'messages[0].content[0]' });
    expect(byId.message).toBe('messages[0].content[0] cannot be used: its file_id cannot be resolved: there is no Files API behind AskSage. Send the file inline as messages[0].content[0].file.file_data (data:application/pdf;base64,…).');
    const plain = thrown(() => readUserContentParts([{ type: 'file', file: { file_data: 'data:text/plain,hello' } }], 'messages[0]'));
    expect(plain).toMatchObject({ code: 'invalid_request', param: 'messages[0].content[0].file.file_data' });
  });

  it('Responses: input_file by file_data or file_url; file_id is a clear 400', () => {
    expect(
      readMessageContent(
        [
          { type: 'input_file', filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBERi0=' },
          { type: 'input_file', file_url: 'https://docs.example/b.pdf' },
        ],
        'input[0]',
      ),
    ).toEqual([
      { type: 'document', mediaType: 'application/pdf', data: 'JVBERi0=', filename: 'a.pdf', source: 'input[0].content[0]' },
      { type: 'document', url: 'https://docs.example/b.pdf', source: 'input[0].content[1]' },
    ]);
    const byId = thrown(() => readMessageContent([{ type: 'input_file', file_id: 'file-abc' }], 'input[2]'));
    expect(byId).toMatchObject({ code: 'unsupported_content', param: 'input[2].content[0]', message: expect.stringContaining('input[2].content[0].file_data') });
  });
});
