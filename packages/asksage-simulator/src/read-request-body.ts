import type { IncomingMessage } from 'node:http';
import { createHash } from 'node:crypto';
import busboy from 'busboy';
import type { RecordedBodyType, RecordedFile } from './simulator-types';

/** A request body after parsing, before AskSage's field coercion. */
export interface ParsedRequestBody {
  bodyType: RecordedBodyType;
  /** JSON value, or a string record for form/multipart bodies; undefined when empty or unparsable. */
  body: unknown;
  /** False when a JSON body did not parse. */
  valid: boolean;
  files: RecordedFile[];
  /** Text of text-like uploaded files, for the `<file-content>` block AskSage prepends (protocol doc §3.1). */
  fileTexts: Array<{ filename: string; mimeType: string; text: string }>;
}

/** Reads and parses a request body: JSON, form-urlencoded or multipart (protocol doc §2.1: /query accepts all three). */
export async function readRequestBody(request: IncomingMessage): Promise<ParsedRequestBody> {
  const contentType = (request.headers['content-type'] ?? '').toLowerCase();
  if (contentType.startsWith('multipart/form-data')) return readMultipartBody(request);
  const raw = await readRawBody(request);
  if (raw.length === 0) return { bodyType: 'none', body: undefined, valid: true, files: [], fileTexts: [] };
  const text = raw.toString('utf8');
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    return { bodyType: 'form', body: Object.fromEntries(new URLSearchParams(text)), valid: true, files: [], fileTexts: [] };
  }
  // AskSage clients send JSON with or without a content-type; anything else is tried as JSON too.
  try {
    return { bodyType: 'json', body: JSON.parse(text) as unknown, valid: true, files: [], fileTexts: [] };
  } catch {
    return { bodyType: 'json', body: undefined, valid: false, files: [], fileTexts: [] };
  }
}

function readRawBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function readMultipartBody(request: IncomingMessage): Promise<ParsedRequestBody> {
  return new Promise((resolve) => {
    const fields: Record<string, string> = {};
    const files: RecordedFile[] = [];
    const fileTexts: ParsedRequestBody['fileTexts'] = [];
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: request.headers });
    } catch {
      // A multipart content-type without a boundary: nothing can be parsed.
      request.resume();
      request.on('end', () => resolve({ bodyType: 'multipart', body: undefined, valid: false, files, fileTexts }));
      return;
    }
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (field, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const content = Buffer.concat(chunks);
        const filename = info.filename ?? field;
        files.push({ field, filename, mimeType: info.mimeType, size: content.length, sha256: createHash('sha256').update(content).digest('hex') });
        fileTexts.push({ filename, mimeType: info.mimeType, text: content.toString('utf8') });
      });
    });
    parser.on('close', () => resolve({ bodyType: 'multipart', body: fields, valid: true, files, fileTexts }));
    parser.on('error', () => resolve({ bodyType: 'multipart', body: fields, valid: false, files, fileTexts }));
    request.pipe(parser);
  });
}
