import { createUtf8StreamDecoder } from '../asksage/create-utf8-stream-decoder';
import type { PassthroughStreamReply } from '../ports/passthrough-client';

/** A streamed reply after its start was looked at. */
export type SniffedPassthroughStream =
  /** The body is one JSON document (an AskSage envelope, an error body, a tenant that did not stream), read whole. */
  | { kind: 'whole'; text: string }
  /** The body is a stream: every read, the ones already looked at first. */
  | { kind: 'stream'; chunks: AsyncIterable<Uint8Array | string> };

/** Bigger JSON bodies are no envelope or error body: they go on as a stream rather than sit in memory. */
const maxWholeChars = 64 * 1024;

function isBlank(chunk: Uint8Array | string): boolean {
  if (typeof chunk === 'string') return chunk.trim() === '';
  return chunk.every((byte) => byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d);
}

function startsWithBrace(chunks: readonly (Uint8Array | string)[]): boolean {
  for (const chunk of chunks) {
    if (typeof chunk === 'string') {
      const trimmed = chunk.trimStart();
      if (trimmed !== '') return trimmed.startsWith('{');
      continue;
    }
    const first = chunk.find((byte) => !(byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d));
    if (first !== undefined) return first === 0x7b;
  }
  return false;
}

async function* replay(read: readonly (Uint8Array | string)[], iterator: AsyncIterator<Uint8Array | string>): AsyncGenerator<Uint8Array | string, void, undefined> {
  let done = false;
  try {
    yield* read;
    for (;;) {
      const next = await iterator.next();
      if (next.done === true) break;
      yield next.value;
    }
    done = true;
  } finally {
    // Stopped early (client gone, or an error): close the upstream connection.
    if (!done) await iterator.return?.();
  }
}

/**
 * Looks at the start of a streamed reply before anything reaches the client, so failover stays possible: AskSage
 * answers a bad key on a streamed request with its HTTP-200 JSON envelope, not with SSE (fixture token-invalid-2.json,
 * "all four passthrough flavours"). A non-2xx status, a JSON content type or a body whose first character is `{` is
 * read whole (bounded); anything else is a stream, handed on with nothing held back beyond its first non-blank read.
 */
export async function sniffPassthroughStream(reply: PassthroughStreamReply): Promise<SniffedPassthroughStream> {
  const iterator = reply.body[Symbol.asyncIterator]();
  const read: (Uint8Array | string)[] = [];
  const isError = reply.status < 200 || reply.status > 299;
  const isJson = /json/i.test(reply.headers['content-type'] ?? '');
  let wantsWhole = isError || isJson;
  if (!wantsWhole) {
    for (;;) {
      const next = await iterator.next();
      if (next.done === true) return { kind: 'whole', text: decodeAll(read) };
      read.push(next.value);
      if (!isBlank(next.value)) break;
    }
    wantsWhole = startsWithBrace(read);
    if (!wantsWhole) return { kind: 'stream', chunks: replay(read, iterator) };
  }
  let size = read.reduce((total, chunk) => total + chunk.length, 0);
  for (;;) {
    if (size > maxWholeChars) return { kind: 'stream', chunks: replay(read, iterator) };
    const next = await iterator.next();
    if (next.done === true) return { kind: 'whole', text: decodeAll(read) };
    read.push(next.value);
    size += next.value.length;
  }
}

function decodeAll(chunks: readonly (Uint8Array | string)[]): string {
  const decoder = createUtf8StreamDecoder();
  return chunks.map((chunk) => (typeof chunk === 'string' ? chunk : decoder.decode(chunk))).join('') + decoder.flush();
}
