import type { ContentPart, ImagePart } from '../../conversation/conversation';
import { ProxyError } from '../../errors/proxy-error';
import { readOpenAIFilePart } from '../read-openai-file-part';
import { readContentPartText, readMessageText } from './read-message-text';
import { base64DataUrl } from '../base64-data-url';


function readImagePart(part: Record<string, unknown>, param: string): ImagePart {
  const imageUrl = part.image_url as { url?: unknown } | undefined;
  const url = imageUrl && typeof imageUrl === 'object' ? imageUrl.url : undefined;
  if (typeof url !== 'string' || url === '') {
    throw new ProxyError('invalid_request', `${param}.image_url.url must be a data: or http(s) URL.`, { param: `${param}.image_url.url` });
  }
  const inline = base64DataUrl.exec(url);
  if (inline) return { type: 'image', mediaType: inline[1] ?? 'application/octet-stream', data: inline[2] ?? '', source: param };
  return { type: 'image', url, source: param };
}

/**
 * A user message's `content` as neutral parts: adjacent text parts become one text part joined by "\n" (so words of
 * adjacent parts never run together), `image_url` parts become image parts and `file` parts (PDFs, `file_data`)
 * document parts (the AskSage side checks and attaches them), and any other kind is refused by `readMessageText`
 * naming the part.
 */
export function readUserContentParts(content: unknown, messagePath: string): ContentPart[] {
  if (!Array.isArray(content)) return [{ type: 'text', text: readMessageText(content, messagePath) }];
  const parts: ContentPart[] = [];
  let texts: string[] = [];
  const flush = (): void => {
    if (texts.length > 0) parts.push({ type: 'text', text: texts.join('\n') });
    texts = [];
  };
  content.forEach((part: unknown, index) => {
    const record = part && typeof part === 'object' ? (part as Record<string, unknown>) : undefined;
    const partPath = `${messagePath}.content[${index}]`;
    if (record?.type === 'image_url') {
      flush();
      parts.push(readImagePart(record, partPath));
    } else if (record?.type === 'file') {
      flush();
      const file = record.file && typeof record.file === 'object' ? (record.file as Record<string, unknown>) : {};
      parts.push(readOpenAIFilePart({ file_data: file.file_data, file_id: file.file_id, filename: file.filename }, partPath, `${partPath}.file`));
    } else {
      texts.push(readContentPartText(part, partPath));
    }
  });
  flush();
  return parts;
}
