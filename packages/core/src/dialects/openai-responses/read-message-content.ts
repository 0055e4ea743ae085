import { ProxyError } from '../../errors/proxy-error';
import type { DocumentPart, ImagePart, TextPart } from '../../conversation/conversation';
import { readOpenAIFilePart } from '../read-openai-file-part';
import { base64DataUrl } from '../base64-data-url';


function readImage(part: Record<string, unknown>, path: string): ImagePart {
  const url = typeof part.image_url === 'string' ? part.image_url : (part.image_url as { url?: unknown } | undefined)?.url;
  if (typeof url !== 'string' || url === '') {
    const reason = typeof part.file_id === 'string' ? 'file ids cannot be resolved here (there is no Files API behind AskSage)' : 'it has no image_url';
    throw new ProxyError('unsupported_content', `${path} cannot be used: ${reason}. Send the image as image_url (a data: URL or an https URL).`, { param: path });
  }
  const inline = base64DataUrl.exec(url);
  if (inline) return { type: 'image', mediaType: inline[1], data: inline[2] ?? '', source: path };
  return { type: 'image', url, source: path };
}

/**
 * A Responses message's `content` (a string, or parts) -> neutral parts. Text parts of every flavour (`input_text`,
 * `output_text`, `text`, a `refusal`) become text; `input_image` becomes an image, `input_file` (a PDF by
 * `file_data` or `file_url`) a document. Audio cannot reach AskSage through a chat turn, and says so naming the part.
 */
export function readMessageContent(content: unknown, path: string): (TextPart | ImagePart | DocumentPart)[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  if (!Array.isArray(content)) {
    throw new ProxyError('invalid_request', `${path}.content must be a string or an array of content parts.`, { param: `${path}.content` });
  }
  const parts: (TextPart | ImagePart | DocumentPart)[] = [];
  content.forEach((entry: unknown, index) => {
    const partPath = `${path}.content[${index}]`;
    const part = entry as Record<string, unknown> | null;
    if (!part || typeof part !== 'object') throw new ProxyError('invalid_request', `${partPath} must be a content part object.`, { param: partPath });
    switch (part.type) {
      case 'input_text':
      case 'output_text':
      case 'text':
      case 'summary_text':
        if (typeof part.text !== 'string') throw new ProxyError('invalid_request', `${partPath}.text must be a string.`, { param: `${partPath}.text` });
        if (part.text !== '') parts.push({ type: 'text', text: part.text });
        break;
      case 'refusal':
        if (typeof part.refusal === 'string' && part.refusal !== '') parts.push({ type: 'text', text: part.refusal });
        break;
      case 'input_image':
        parts.push(readImage(part, partPath));
        break;
      case 'input_file':
        parts.push(readOpenAIFilePart(part, partPath, partPath));
        break;
      default:
        throw new ProxyError('unsupported_content', `${partPath}.type ${JSON.stringify(part.type)} cannot be sent to AskSage; use input_text, input_image or input_file parts.`, { param: `${partPath}.type` });
    }
  });
  return parts;
}

/** The text of a tool's output (a string, or parts): text parts joined; other parts named, since a tool result is text. */
export function readToolOutputText(output: unknown, path: string): string {
  if (typeof output === 'string') return output;
  if (!Array.isArray(output)) {
    throw new ProxyError('invalid_request', `${path}.output must be a string or an array of content parts.`, { param: `${path}.output` });
  }
  return output
    .map((entry: unknown) => {
      const part = entry as { type?: unknown; text?: unknown } | null;
      if (part && typeof part.text === 'string') return part.text;
      return `[${typeof part?.type === 'string' ? part.type : 'content'} omitted: AskSage receives tool results as text]`;
    })
    .join('\n');
}
