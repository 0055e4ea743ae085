import type { ContentPart, ImagePart } from '../../conversation/conversation';
import { ProxyError } from '../../errors/proxy-error';
import { readContentPartText, readMessageText } from './read-message-text';

const dataUrlPattern = /^data:([^;,]+)?((?:;[^;,]+)*?);base64,(.*)$/s;

function readImagePart(part: Record<string, unknown>, param: string): ImagePart {
  const imageUrl = part.image_url as { url?: unknown } | undefined;
  const url = imageUrl && typeof imageUrl === 'object' ? imageUrl.url : undefined;
  if (typeof url !== 'string' || url === '') {
    throw new ProxyError('invalid_request', `${param}.image_url.url must be a data: or http(s) URL.`, { param: `${param}.image_url.url` });
  }
  const inline = dataUrlPattern.exec(url);
  if (inline) return { type: 'image', mediaType: inline[1] ?? 'application/octet-stream', data: inline[3] ?? '', source: param };
  return { type: 'image', url, source: param };
}

/**
 * A user message's `content` as neutral parts: adjacent text parts become one text part joined by "\n" (so words of
 * adjacent parts never run together), `image_url` parts become image parts (the AskSage side decides whether it can
 * send them), and any other kind is refused by `readMessageText` naming the part.
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
    if (record?.type === 'image_url') {
      flush();
      parts.push(readImagePart(record, `${messagePath}.content[${index}]`));
    } else {
      texts.push(readContentPartText(part, `${messagePath}.content[${index}]`));
    }
  });
  flush();
  return parts;
}
