import { ProxyError } from '../errors/proxy-error';
import { readPassthroughFailure } from '../passthrough/read-passthrough-failure';
import { sniffPassthroughStream } from '../passthrough/sniff-passthrough-stream';
import type { AbortSignalLike } from '../ports/abort-signal-like';
import type { PassthroughClient, PassthroughSurface } from '../ports/passthrough-client';
import type { PassthroughOutcome } from './create-passthrough-gateway';

/** A prepared passthrough request: where it goes and what is sent. */
export interface PassthroughAttemptRequest {
  surface: PassthroughSurface;
  body: Record<string, unknown>;
  stream: boolean;
  /** The resolved AskSage model id, reported back. */
  model: string;
}

/** JSON when the text is JSON, the text otherwise. */
export function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** A 2xx body that is not JSON (an HTML portal page, a cut-off body) is no answer: another try may do better. */
function assertReadable(status: number, body: unknown): void {
  if (status >= 200 && status <= 299 && typeof body === 'string') {
    const what = /^\s*</.test(body) ? 'an HTML page' : body.trim() === '' ? 'an empty body' : 'a body that is not JSON';
    throw new ProxyError('upstream_bad_response', `AskSage's compatibility surface answered HTTP ${status} with ${what}; check asksage_server_base_url.`, { isRetryable: true, keyVerdict: 'failure' });
  }
}

/**
 * One try with one key, up to the first byte of a stream: every failure here can still fail over. A whole reply is
 * read and judged (`readPassthroughFailure`); a stream's start is looked at (`sniffPassthroughStream`) and, when it is
 * a JSON document instead of SSE (AskSage's HTTP-200 envelope), judged the same way.
 */
export async function attemptPassthrough(client: PassthroughClient, request: PassthroughAttemptRequest, apiKey: string, signal: AbortSignalLike | undefined): Promise<PassthroughOutcome> {
  const { surface, body, model } = request;
  if (!request.stream) {
    const reply = await client.send(surface, body, { apiKey, signal });
    const failure = readPassthroughFailure(surface, reply.status, reply.body, reply.headers['retry-after']);
    if (failure !== undefined) throw failure;
    assertReadable(reply.status, reply.body);
    return { kind: 'reply', model, status: reply.status, headers: reply.headers, body: reply.body };
  }
  const reply = await client.sendStream(surface, body, { apiKey, signal });
  const sniffed = await sniffPassthroughStream(reply);
  if (sniffed.kind === 'stream') return { kind: 'stream', model, status: reply.status, headers: reply.headers, chunks: sniffed.chunks };
  const parsed = tryParseJson(sniffed.text);
  const failure = readPassthroughFailure(surface, reply.status, parsed, reply.headers['retry-after']);
  if (failure !== undefined) throw failure;
  assertReadable(reply.status, parsed);
  return { kind: 'reply', model, status: reply.status, headers: reply.headers, body: parsed };
}
