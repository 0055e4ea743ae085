import { ProxyError } from '../errors/proxy-error';
import type { AbortSignalLike } from '../ports/abort-signal-like';
import type { ImageFetcher } from '../ports/image-fetcher';
import type { AttachmentKind, AttachmentMediaType } from './attachment-kind';
import { attachmentRules } from './attachment-kind';
import { shortenUrl } from './shorten-url';

/** What `fetchAttachmentUrl` needs: the port, the cap and the client's signal. */
export interface FetchAttachmentUrlOptions {
  /** Downloads `http(s)` URLs; without one every URL is refused (only inline attachments work). */
  fetcher?: ImageFetcher;
  /** Largest attachment in bytes. */
  maxBytes: number;
  /** The client's signal: the download stops when it fires. */
  signal?: AbortSignalLike;
}

/** An attachment's bytes and the format its first bytes show. */
export interface CheckedAttachment {
  bytes: Uint8Array;
  mediaType: AttachmentMediaType;
}

/** A refusal of an attachment's content, naming the part. */
export function refuseAttachment(source: string, why: string): ProxyError {
  return new ProxyError('unsupported_content', `${source}: ${why}`, { param: source });
}

/** The 413 for an attachment over its cap (`max_image_bytes`, `max_document_bytes`), naming the part. */
export function attachmentTooLarge(kind: AttachmentKind, source: string, maxBytes: number): ProxyError {
  const rules = attachmentRules[kind];
  return new ProxyError('payload_too_large', `${source}: the ${rules.noun} is larger than the proxy's limit of ${maxBytes} bytes (${rules.limitSetting}).`, { param: source });
}

/** Bytes as a checked attachment of `kind`, by their first bytes (a declared type is never trusted). */
export function checkAttachmentBytes(kind: AttachmentKind, source: string, bytes: Uint8Array): CheckedAttachment {
  const rules = attachmentRules[kind];
  const mediaType = rules.detect(bytes);
  if (mediaType === undefined) throw refuseAttachment(source, `the content is not ${rules.formats} (checked by its first bytes).`);
  return { bytes, mediaType };
}

/**
 * One image or document URL, downloaded through the `ImageFetcher` port and checked: only `http(s)` (a non-base64
 * data: URL and other schemes are 400s naming the part), at most `maxBytes` (checked again here so a lax fetcher
 * cannot pass more on), and an accepted format by its magic bytes. The query gateway attaches the result as a file;
 * the passthrough gateway inlines it into the client's body.
 */
export async function fetchAttachmentUrl(kind: AttachmentKind, source: string, url: string, options: FetchAttachmentUrlOptions): Promise<CheckedAttachment> {
  const { maxBytes } = options;
  const { noun, dataUrlExample } = attachmentRules[kind];
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'data') throw new ProxyError('invalid_request', `${source}: a data: URL must be base64 (${dataUrlExample}).`, { param: source });
  if (scheme !== 'http' && scheme !== 'https') {
    throw new ProxyError('invalid_request', `${source}: ${noun} URL ${shortenUrl(url)} has an unsupported scheme; send an http(s) or base64 data: URL.`, { param: source });
  }
  if (options.fetcher === undefined) throw refuseAttachment(source, `${noun} URL ${shortenUrl(url)} cannot be fetched: this proxy fetches no ${noun} URLs. Send the ${noun} inline as base64.`);
  const request = { url, source, maxBytes, ...(kind === 'image' ? {} : { kind }), ...(options.signal === undefined ? {} : { signal: options.signal }) };
  const fetched = await options.fetcher.fetch(request);
  if (fetched.bytes.length > maxBytes) throw attachmentTooLarge(kind, source, maxBytes);
  return checkAttachmentBytes(kind, source, fetched.bytes);
}
