import { createConcurrencyLimit } from '../catalog/create-concurrency-limit';
import type { ImagePart, Turn } from '../conversation/conversation';
import { isProxyError, ProxyError } from '../errors/proxy-error';
import type { AbortSignalLike } from '../ports/abort-signal-like';
import type { ImageFetcher } from '../ports/image-fetcher';
import type { UpstreamFile } from '../ports/upstream-client';
import { base64DecodedLength, decodeBase64 } from './decode-base64';
import { detectImageMediaType, imageExtensions } from './detect-image-media-type';
import { shortenUrl } from './shorten-url';

/** Default `maxBytes`: 20 MB, OpenAI's own per-image limit. */
export const defaultMaxImageBytes = 20 * 1024 * 1024;

/** Default downloads in flight per request. */
export const defaultImageFetchConcurrency = 4;

/** Options of `resolveImageFiles`. */
export interface ResolveImageFilesOptions {
  /** Downloads `http(s)` URLs; without one, URL images are refused (only data: URLs work). */
  fetcher?: ImageFetcher;
  /** Largest image, decoded; default 20 MB. */
  maxBytes?: number;
  /** Downloads in flight at once for one request; default 4. */
  concurrency?: number;
  /** The client's signal: a download stops when it fires. */
  signal?: AbortSignalLike;
}

/** The image parts of `turns`, in the order the AskSage builder numbers them. */
export function collectImageParts(turns: readonly Turn[]): ImagePart[] {
  return turns.flatMap((turn) => turn.parts.filter((part): part is ImagePart => part.type === 'image'));
}

function refuse(part: ImagePart, why: string): ProxyError {
  return new ProxyError('unsupported_content', `${part.source}: ${why}`, { param: part.source });
}

function tooLarge(part: ImagePart, maxBytes: number): ProxyError {
  return new ProxyError('payload_too_large', `${part.source}: the image is larger than the proxy's limit of ${maxBytes} bytes (max_image_bytes).`, { param: part.source });
}

function inlineBytes(part: ImagePart, data: string, maxBytes: number): Uint8Array {
  if (base64DecodedLength(data) > maxBytes) throw tooLarge(part, maxBytes);
  const bytes = decodeBase64(data);
  if (bytes === undefined || bytes.length === 0) {
    throw new ProxyError('invalid_request', `${part.source}: the data: URL is not valid base64 image data.`, { param: part.source });
  }
  return bytes;
}

async function fetchedBytes(part: ImagePart, url: string, options: ResolveImageFilesOptions, maxBytes: number): Promise<Uint8Array> {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'data') throw new ProxyError('invalid_request', `${part.source}: a data: URL must be base64 (data:image/png;base64,…).`, { param: part.source });
  if (scheme !== 'http' && scheme !== 'https') {
    throw new ProxyError('invalid_request', `${part.source}: image URL ${shortenUrl(url)} has an unsupported scheme; send an http(s) or base64 data: URL.`, { param: part.source });
  }
  if (options.fetcher === undefined) throw refuse(part, `image URL ${shortenUrl(url)} cannot be fetched: this proxy fetches no image URLs. Send the image as a base64 data: URL.`);
  const fetched = await options.fetcher.fetch({ url, source: part.source, maxBytes, ...(options.signal === undefined ? {} : { signal: options.signal }) });
  // The fetcher caps the download; checked again so a lax fetcher cannot send more upstream.
  if (fetched.bytes.length > maxBytes) throw tooLarge(part, maxBytes);
  return fetched.bytes;
}

async function resolveOne(part: ImagePart, number: number, options: ResolveImageFilesOptions, maxBytes: number): Promise<UpstreamFile> {
  const bytes = part.data !== undefined ? inlineBytes(part, part.data, maxBytes) : await fetchedBytes(part, part.url ?? '', options, maxBytes);
  const mediaType = detectImageMediaType(bytes);
  if (mediaType === undefined) throw refuse(part, 'the content is not a PNG, JPEG, GIF or WebP image (checked by its first bytes).');
  return { name: `image-${number}.${imageExtensions[mediaType]}`, mediaType, bytes };
}

/**
 * The conversation's images as files to attach to the AskSage query, in order (`image-1.png`, `image-2.jpg`, … as
 * the builder's `[image N]` markers say): data: URLs decoded here, `http(s)` URLs through the `ImageFetcher` port,
 * at most `concurrency` downloads at a time. Each image is checked by its magic bytes and against `maxBytes`.
 * Refusals name the image's source: `invalid_request`/`unsupported_content` (400), `payload_too_large` (413).
 * Call it only after the request was validated and before a key is picked.
 */
export async function resolveImageFiles(turns: readonly Turn[], options: ResolveImageFilesOptions = {}): Promise<UpstreamFile[]> {
  const parts = collectImageParts(turns);
  if (parts.length === 0) return [];
  const maxBytes = options.maxBytes ?? defaultMaxImageBytes;
  const limit = createConcurrencyLimit(Math.max(1, options.concurrency ?? defaultImageFetchConcurrency));
  const settled = await Promise.allSettled(parts.map((part, index) => limit(() => resolveOne(part, index + 1, options, maxBytes))));
  // The first failure in the client's order is reported, whichever download finished first.
  const failure = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure !== undefined) {
    const reason: unknown = failure.reason;
    throw isProxyError(reason) ? reason : new ProxyError('internal_error', 'An image could not be prepared.', { cause: reason });
  }
  return settled.map((result) => (result as PromiseFulfilledResult<UpstreamFile>).value);
}
