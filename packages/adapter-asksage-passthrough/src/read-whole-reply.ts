import { ProxyError } from '@asksage-proxy/core';
import type { PassthroughReply, PassthroughStreamReply } from '@asksage-proxy/core';

/** Replies bigger than this are refused: a completion is kilobytes; this only guards memory. */
const maxReplyBytes = 64 * 1024 * 1024;

/** Reads a reply's body whole and parses it as JSON when it is JSON; any other text is handed on as text. */
export async function readWholeReply(reply: PassthroughStreamReply): Promise<PassthroughReply> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of reply.body) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    size += bytes.length;
    if (size > maxReplyBytes) {
      throw new ProxyError('upstream_bad_response', 'AskSage sent a reply too large to read.', { isRetryable: true, keyVerdict: 'failure' });
    }
    chunks.push(bytes);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  let body: unknown = text;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    // Not JSON (an HTML page, an empty or cut body): core decides what that means.
  }
  return { status: reply.status, headers: reply.headers, body };
}
