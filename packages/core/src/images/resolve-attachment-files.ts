import type { DocumentPart, ImagePart, Turn } from '../conversation/conversation';
import { ProxyError } from '../errors/proxy-error';
import type { AbortSignalLike } from '../ports/abort-signal-like';
import type { ImageFetcher } from '../ports/image-fetcher';
import type { UpstreamFile } from '../ports/upstream-client';
import type { AttachmentKind } from './attachment-kind';
import { attachmentRules } from './attachment-kind';
import { base64DecodedLength, decodeBase64 } from './decode-base64';
import { attachmentTooLarge, checkAttachmentBytes, fetchAttachmentUrl } from './fetch-attachment-url';
import { nameDocumentFiles } from './name-document-files';
import { settleInClientOrder } from './settle-in-client-order';

/** Default `maxBytes`: 20 MB, OpenAI's own per-image limit. */
export const defaultMaxImageBytes = 20 * 1024 * 1024;

/** Default `maxDocumentBytes`: 32 MB, Anthropic's own PDF limit (AskSage takes up to 500 MB per file). */
export const defaultMaxDocumentBytes = 32 * 1024 * 1024;

/** Default downloads in flight per request. */
export const defaultImageFetchConcurrency = 4;

/** Options of `resolveAttachmentFiles`. */
export interface ResolveAttachmentFilesOptions {
  /** Downloads `http(s)` URLs; without one, URL attachments are refused (only inline ones work). */
  fetcher?: ImageFetcher;
  /** Largest image, decoded; default 20 MB. */
  maxBytes?: number;
  /** Largest document, decoded; default 32 MB. */
  maxDocumentBytes?: number;
  /** Downloads in flight at once for one request; default 4. */
  concurrency?: number;
  /** The client's signal: a download stops when it fires. */
  signal?: AbortSignalLike;
}

/** @deprecated The old name of `ResolveAttachmentFilesOptions`. */
export type ResolveImageFilesOptions = ResolveAttachmentFilesOptions;

/** An image or document part: what travels to AskSage as a file. */
export type AttachmentPart = ImagePart | DocumentPart;

/** The image and document parts of `turns`, in conversation order. */
export function collectAttachmentParts(turns: readonly Turn[]): AttachmentPart[] {
  return turns.flatMap((turn) => turn.parts.filter((part): part is AttachmentPart => part.type === 'image' || part.type === 'document'));
}

/** The image parts of `turns`, in the order the AskSage builder numbers them. */
export function collectImageParts(turns: readonly Turn[]): ImagePart[] {
  return collectAttachmentParts(turns).filter((part): part is ImagePart => part.type === 'image');
}

/** The document parts of `turns`, in the order the AskSage builder numbers them. */
export function collectDocumentParts(turns: readonly Turn[]): DocumentPart[] {
  return collectAttachmentParts(turns).filter((part): part is DocumentPart => part.type === 'document');
}

function inlineBytes(kind: AttachmentKind, part: AttachmentPart, data: string, maxBytes: number): Uint8Array {
  if (base64DecodedLength(data) > maxBytes) throw attachmentTooLarge(kind, part.source, maxBytes);
  const bytes = decodeBase64(data);
  if (bytes === undefined || bytes.length === 0) {
    throw new ProxyError('invalid_request', `${part.source}: the inline data is not valid base64 ${attachmentRules[kind].noun} data.`, { param: part.source });
  }
  return bytes;
}

/** One attachment to resolve: its part, its kind, its cap and the file name (without extension for images). */
interface PendingFile {
  part: AttachmentPart;
  kind: AttachmentKind;
  maxBytes: number;
  name: (extension: string) => string;
}

async function resolveOne(file: PendingFile, options: ResolveAttachmentFilesOptions): Promise<UpstreamFile> {
  const { part, kind, maxBytes } = file;
  const { bytes, mediaType } =
    part.data !== undefined
      ? checkAttachmentBytes(kind, part.source, inlineBytes(kind, part, part.data, maxBytes))
      : await fetchAttachmentUrl(kind, part.source, part.url ?? '', { ...options, maxBytes });
  return { name: file.name(attachmentRules[kind].extension(mediaType)), mediaType, bytes };
}

/** Every attachment with its number and cap: images `image-N.<ext>`, documents as `nameDocumentFiles` names them. */
function pendingFiles(parts: readonly AttachmentPart[], options: ResolveAttachmentFilesOptions): PendingFile[] {
  const documentNames = nameDocumentFiles(parts.filter((part): part is DocumentPart => part.type === 'document'));
  let images = 0;
  let documents = 0;
  return parts.map((part): PendingFile => {
    if (part.type === 'image') {
      const number = (images += 1);
      return { part, kind: 'image', maxBytes: options.maxBytes ?? defaultMaxImageBytes, name: (extension) => `image-${number}.${extension}` };
    }
    const name = documentNames[documents++] ?? `document-${documents}.pdf`;
    return { part, kind: 'document', maxBytes: options.maxDocumentBytes ?? defaultMaxDocumentBytes, name: () => name };
  });
}

/**
 * The conversation's images and documents as files to attach to the AskSage query, in conversation order (images
 * `image-1.png`, `image-2.jpg`, …, documents `report.pdf` or `document-1.pdf`, … as the builder's `[image N]` and
 * `[document N]` markers say): inline data decoded here, `http(s)` URLs through the `ImageFetcher` port, at most
 * `concurrency` downloads at a time. Each file is checked by its magic bytes (images PNG/JPEG/GIF/WebP, documents PDF)
 * and against its cap. Refusals name the part's source: `invalid_request`/`unsupported_content` (400),
 * `payload_too_large` (413). Call it only after the request was validated and before a key is picked.
 */
export async function resolveAttachmentFiles(turns: readonly Turn[], options: ResolveAttachmentFilesOptions = {}): Promise<UpstreamFile[]> {
  const parts = collectAttachmentParts(turns);
  if (parts.length === 0) return [];
  const files = pendingFiles(parts, options);
  return settleInClientOrder(files, options.concurrency ?? defaultImageFetchConcurrency, (file) => resolveOne(file, options));
}

/** @deprecated The old name of `resolveAttachmentFiles` (it now resolves documents too). */
export const resolveImageFiles = resolveAttachmentFiles;
