import type { ImagePart, Turn } from '../conversation/conversation';
import { ProxyError } from '../errors/proxy-error';
import type { AbortSignalLike } from '../ports/abort-signal-like';
import type { ImageFetcher } from '../ports/image-fetcher';
import type { UpstreamFile } from '../ports/upstream-client';
import { base64DecodedLength, decodeBase64 } from './decode-base64';
import { imageExtensions } from './detect-image-media-type';
import { checkImageBytes, fetchImageUrl, imageTooLarge } from './fetch-image-url';
import { settleInClientOrder } from './settle-in-client-order';

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

function inlineBytes(part: ImagePart, data: string, maxBytes: number): Uint8Array {
  if (base64DecodedLength(data) > maxBytes) throw imageTooLarge(part.source, maxBytes);
  const bytes = decodeBase64(data);
  if (bytes === undefined || bytes.length === 0) {
    throw new ProxyError('invalid_request', `${part.source}: the data: URL is not valid base64 image data.`, { param: part.source });
  }
  return bytes;
}

async function resolveOne(part: ImagePart, number: number, options: ResolveImageFilesOptions, maxBytes: number): Promise<UpstreamFile> {
  const { bytes, mediaType } =
    part.data !== undefined
      ? checkImageBytes(part.source, inlineBytes(part, part.data, maxBytes))
      : await fetchImageUrl(part.source, part.url ?? '', { ...options, maxBytes });
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
  return settleInClientOrder(parts, options.concurrency ?? defaultImageFetchConcurrency, (part, index) => resolveOne(part, index + 1, options, maxBytes));
}
