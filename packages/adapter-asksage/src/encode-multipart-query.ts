import type { AskSageQuery, UpstreamFile } from '@asksage-proxy/core';

/** A multipart body and its content type. */
export interface MultipartQuery {
  contentType: string;
  body: Buffer;
}

/** A form field's text: strings as they are, everything else JSON (`message` as its JSON array, `usage` as `true`). */
function fieldText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

// Quotes and line breaks would end the header early; AskSage's own client sends plain ASCII names.
const headerSafe = (text: string): string => text.replace(/["\r\n\\]/g, '_');

/**
 * A `/query` body as `multipart/form-data`: every query field as a form field, then one `file` part per attachment,
 * in order. This is how AskSage takes files on `/query` (protocol doc §3.1: asksageclient's `query_with_file` posts
 * `/query` with `files={'file': …}` and the other fields as form strings, `message` JSON-encoded). The simulator
 * JSON-decodes `message`/`tools`/… and coerces numbers and booleans, as AskSage's form handling is described.
 */
export function encodeMultipartQuery(query: AskSageQuery, files: readonly UpstreamFile[], boundary: string): MultipartQuery {
  const pieces: Buffer[] = [];
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    pieces.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${headerSafe(name)}"\r\n\r\n${fieldText(value)}\r\n`, 'utf8'));
  }
  for (const file of files) {
    pieces.push(
      Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${headerSafe(file.name)}"\r\ncontent-type: ${headerSafe(file.mediaType)}\r\n\r\n`, 'utf8'),
      Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength),
      Buffer.from('\r\n', 'utf8'),
    );
  }
  pieces.push(Buffer.from(`--${boundary}--\r\n`, 'utf8'));
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat(pieces) };
}
