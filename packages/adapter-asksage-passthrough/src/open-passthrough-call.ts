import type http from 'node:http';
import { mapTransportError, openStreamingPost } from '@asksage-proxy/asksage-transport';
import type { OpenedStreamingPost, StreamingPostSettings } from '@asksage-proxy/asksage-transport';
import type { AbortSignalLike, PassthroughStreamReply } from '@asksage-proxy/core';

/** The shared transport settings of the adapter. */
export type PassthroughTransportSettings = StreamingPostSettings;

/** One call's target and payload. */
export interface PassthroughCall {
  url: string;
  headers: Record<string, string>;
  body: string;
  signal: AbortSignalLike | undefined;
}

/** Response headers core may act on or pass on: the rest (cookies, hop-by-hop) stay here. */
const keptHeaders = ['content-type', 'retry-after', 'x-request-id', 'request-id'];

function pickHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of keptHeaders) {
    const value = headers[name];
    if (typeof value === 'string') picked[name] = value;
  }
  return picked;
}

/** A body the connection cut short ends quietly in Node: for a passthrough reply that is a failure, said as such. */
async function* requireCompleteBody(opened: OpenedStreamingPost, url: string): AsyncGenerator<Uint8Array, void, undefined> {
  yield* opened.body;
  if (!opened.response.complete) throw mapTransportError(Object.assign(new Error('the connection closed mid-body'), { code: 'ECONNRESET' }), { aborted: false, url });
}

/**
 * POSTs one JSON body and resolves as soon as the status line and headers arrived, whatever the status, with the body
 * as raw reads as they come: nothing is buffered, so a stream reaches the client at the pace AskSage sends it. The
 * transport's `openStreamingPost` does the call (keep-alive race retried once, transport failures, timeouts and
 * aborts as `ProxyError`s that never contain the key); a body cut mid-way is an error here.
 */
export async function openPassthroughCall(settings: PassthroughTransportSettings, call: PassthroughCall): Promise<PassthroughStreamReply> {
  const opened = await openStreamingPost(settings, {
    url: call.url,
    body: call.body,
    signal: call.signal,
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...call.headers },
  });
  return { status: opened.response.statusCode ?? 0, headers: pickHeaders(opened.response.headers), body: requireCompleteBody(opened, call.url) };
}
