import type { DocumentPart } from '../conversation/conversation';
import { ProxyError } from '../errors/proxy-error';
import { base64DataUrl } from './base64-data-url';

/** The fields an OpenAI file part may carry (chat `file.*`, Responses `input_file.*`). */
export interface OpenAIFileFields {
  file_data?: unknown;
  file_url?: unknown;
  file_id?: unknown;
  filename?: unknown;
}


/**
 * An OpenAI file part (chat `{type:'file', file:{…}}`, Responses `{type:'input_file', …}`) -> a document part.
 * `file_data` is a base64 data: URL (`data:application/pdf;base64,…`, what the SDKs document) or bare base64;
 * `file_url` (Responses only) is fetched like an image URL. A `file_id` names a file in OpenAI's Files API, which
 * does not exist behind AskSage: a clear 400. `fieldPath` is where the fields sit (`messages[0].content[1].file`).
 */
export function readOpenAIFilePart(fields: OpenAIFileFields, path: string, fieldPath: string): DocumentPart {
  const filename = typeof fields.filename === 'string' && fields.filename !== '' ? { filename: fields.filename } : {};
  if (typeof fields.file_data === 'string' && fields.file_data !== '') {
    const inline = base64DataUrl.exec(fields.file_data);
    if (inline) return { type: 'document', ...(inline[1] === undefined ? {} : { mediaType: inline[1] }), data: inline[2] ?? '', ...filename, source: path };
    if (/^data:/i.test(fields.file_data)) {
      throw new ProxyError('invalid_request', `${fieldPath}.file_data must be base64 (data:application/pdf;base64,…).`, { param: `${fieldPath}.file_data` });
    }
    return { type: 'document', data: fields.file_data, ...filename, source: path };
  }
  if (typeof fields.file_url === 'string' && fields.file_url !== '') return { type: 'document', url: fields.file_url, ...filename, source: path };
  const reason =
    typeof fields.file_id === 'string'
      ? `its file_id cannot be resolved: there is no Files API behind AskSage`
      : 'it has no file_data';
  throw new ProxyError('unsupported_content', `${path} cannot be used: ${reason}. Send the file inline as ${fieldPath}.file_data (data:application/pdf;base64,…).`, { param: path });
}
