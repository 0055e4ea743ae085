import type { AbortSignalLike } from '@asksage-proxy/core';
import { openStreamingPost } from '@asksage-proxy/asksage-transport';
import type { StreamingPostSettings } from '@asksage-proxy/asksage-transport';
import { readUpstreamHttpError } from './read-upstream-reply';

/** The longest non-2xx body read before mapping the error (a streamed reply's error is a short JSON envelope). */
const maxErrorBodyBytes = 64 * 1024;

/** The shared transport settings of the adapter. */
export type UpstreamStreamSettings = StreamingPostSettings;

/**
 * POSTs `body` to `url` and resolves as soon as AskSage answered 2xx, with the body as an async iterable of raw reads
 * (bytes; core's frame reader decodes UTF-8 across reads), through the transport's `openStreamingPost` (not axios: a
 * stream needs the socket's reads as they come, and nothing of axios' buffering). Non-2xx replies reject
 * through core's `createUpstreamHttpError`; transport failures, timeouts (the total timeout covers the whole stream)
 * and aborts reject, or are thrown by the iterable, as `ProxyError`s that never contain the key.
 */
export async function openUpstreamStream(
  settings: UpstreamStreamSettings,
  url: string,
  body: string | Buffer,
  apiKey: string,
  signal: AbortSignalLike | undefined,
  contentType = 'application/json',
): Promise<AsyncIterable<Uint8Array>> {
  const opened = await openStreamingPost(settings, { url, body, signal, headers: { 'content-type': contentType, accept: 'text/plain, application/json', 'x-access-tokens': apiKey } });
  const status = opened.response.statusCode ?? 0;
  if (status >= 200 && status <= 299) return opened.body;
  const text = await opened.readText(maxErrorBodyBytes);
  throw readUpstreamHttpError(status, text, opened.response.headers['retry-after'] as string | undefined, { url, setting: 'asksage_server_base_url' });
}
