import { ProxyError } from '../errors/proxy-error';
import type { AbortSignalLike } from '../ports/abort-signal-like';
import type { ImageFetcher } from '../ports/image-fetcher';
import type { ImageMediaType } from './detect-image-media-type';
import { detectImageMediaType } from './detect-image-media-type';
import { shortenUrl } from './shorten-url';

/** What `fetchImageUrl` needs: the port, the cap and the client's signal. */
export interface FetchImageUrlOptions {
  /** Downloads `http(s)` URLs; without one every URL is refused (only inline images work). */
  fetcher?: ImageFetcher;
  /** Largest image in bytes. */
  maxBytes: number;
  /** The client's signal: the download stops when it fires. */
  signal?: AbortSignalLike;
}

/** An image's bytes and the format its first bytes show. */
export interface CheckedImage {
  bytes: Uint8Array;
  mediaType: ImageMediaType;
}

/** A refusal of an image's content, naming the part. */
export function refuseImage(source: string, why: string): ProxyError {
  return new ProxyError('unsupported_content', `${source}: ${why}`, { param: source });
}

/** The 413 for an image over `max_image_bytes`, naming the part. */
export function imageTooLarge(source: string, maxBytes: number): ProxyError {
  return new ProxyError('payload_too_large', `${source}: the image is larger than the proxy's limit of ${maxBytes} bytes (max_image_bytes).`, { param: source });
}

/** Bytes as a checked image: PNG, JPEG, GIF or WebP by their first bytes (a declared type is never trusted). */
export function checkImageBytes(source: string, bytes: Uint8Array): CheckedImage {
  const mediaType = detectImageMediaType(bytes);
  if (mediaType === undefined) throw refuseImage(source, 'the content is not a PNG, JPEG, GIF or WebP image (checked by its first bytes).');
  return { bytes, mediaType };
}

/**
 * One image URL, downloaded through the `ImageFetcher` port and checked: only `http(s)` (a non-base64 data: URL and
 * other schemes are 400s naming the part), at most `maxBytes` (checked again here so a lax fetcher cannot pass more
 * on), and a known image format by its magic bytes. The query gateway attaches the result as a file; the passthrough
 * gateway inlines it into the client's body.
 */
export async function fetchImageUrl(source: string, url: string, options: FetchImageUrlOptions): Promise<CheckedImage> {
  const { maxBytes } = options;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'data') throw new ProxyError('invalid_request', `${source}: a data: URL must be base64 (data:image/png;base64,…).`, { param: source });
  if (scheme !== 'http' && scheme !== 'https') {
    throw new ProxyError('invalid_request', `${source}: image URL ${shortenUrl(url)} has an unsupported scheme; send an http(s) or base64 data: URL.`, { param: source });
  }
  if (options.fetcher === undefined) throw refuseImage(source, `image URL ${shortenUrl(url)} cannot be fetched: this proxy fetches no image URLs. Send the image as a base64 data: URL.`);
  const fetched = await options.fetcher.fetch({ url, source, maxBytes, ...(options.signal === undefined ? {} : { signal: options.signal }) });
  if (fetched.bytes.length > maxBytes) throw imageTooLarge(source, maxBytes);
  return checkImageBytes(source, fetched.bytes);
}
