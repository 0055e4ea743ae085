import type http from 'node:http';
import { openStreamingPost } from '@asksage-proxy/asksage-transport';
import type { StreamingPostSettings } from '@asksage-proxy/asksage-transport';
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

/**
 * POSTs one JSON body and resolves as soon as the status line and headers arrived, whatever the status, with the body
 * as raw reads as they come: nothing is buffered, so a stream reaches the client at the pace AskSage sends it. The
 * transport's `openStreamingPost` does the call (keep-alive race retried once, transport failures, timeouts and
 * aborts as `ProxyError`s that never contain the key, and a body cut mid-way as one too).
 */
export async function openPassthroughCall(settings: PassthroughTransportSettings, call: PassthroughCall): Promise<PassthroughStreamReply> {
  const opened = await openStreamingPost(settings, {
    url: call.url,
    body: call.body,
    signal: call.signal,
    // A passthrough reply cut mid-body is a failure, said as such (Node would end it quietly).
    requireCompleteBody: true,
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...call.headers },
  });
  return { status: opened.response.statusCode ?? 0, headers: pickHeaders(opened.response.headers), body: opened.body };
}
