import type { AbortSignalLike } from '../ports/abort-signal-like';
import type { ImageFetcher } from '../ports/image-fetcher';
import type { PassthroughSurface } from '../ports/passthrough-client';
import type { AttachmentKind } from '../images/attachment-kind';
import { encodeBase64 } from '../images/encode-base64';
import type { CheckedAttachment } from '../images/fetch-attachment-url';
import { fetchAttachmentUrl } from '../images/fetch-attachment-url';
import { nameDocumentFiles } from '../images/name-document-files';
import { defaultImageFetchConcurrency, defaultMaxDocumentBytes, defaultMaxImageBytes } from '../images/resolve-attachment-files';
import { settleInClientOrder } from '../images/settle-in-client-order';

/**
 * What passthrough mode does with image and document URLs (config `passthrough_image_urls`): `inline` (the default)
 * fetches each one under the proxy's guard and sends the bytes inline; `forward` sends URLs to AskSage as the client
 * wrote them.
 */
export type PassthroughImageUrls = 'inline' | 'forward';

/** Options of `inlinePassthroughImages`. */
export interface InlinePassthroughImagesOptions {
  mode?: PassthroughImageUrls;
  /** Downloads the URLs; without one, an image URL is refused in `inline` mode. */
  fetcher?: ImageFetcher;
  /** Largest image; default 20 MB. */
  maxBytes?: number;
  /** Largest document (PDF); default 32 MB. */
  maxDocumentBytes?: number;
  /** Downloads in flight at once for one request; default 4. */
  concurrency?: number;
  signal?: AbortSignalLike;
}

/** One image or document URL found in a body: where it is, and how to write the fetched bytes back inline. */
interface FoundImage {
  kind: AttachmentKind;
  source: string;
  url: string;
  inline(image: CheckedAttachment, base64: string): void;
}

/** Where each surface keeps its conversation: images are looked for there only (never in `tools` or `metadata`). */
const conversationField: Record<PassthroughSurface, string> = { 'openai-chat': 'messages', 'openai-responses': 'input', 'anthropic-messages': 'messages' };

/** Images sit a few levels down (a tool result's content at most); deeper nesting is not searched. */
const maxDepth = 8;

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const isUrl = (value: unknown): value is string => typeof value === 'string' && value !== '' && !/^data:/i.test(value);
const dataUrl = (image: CheckedAttachment, base64: string): string => `data:${image.mediaType};base64,${base64}`;

/** A Responses `input_file` by `file_url` becomes `file_data` with a `filename` (the URL's last segment, sanitised). */
function inlineResponsesFile(node: Record<string, unknown>, url: string): (file: CheckedAttachment, base64: string) => void {
  return (file, base64) => {
    delete node.file_url;
    if (typeof node.filename !== 'string') node.filename = nameDocumentFiles([{ type: 'document', filename: url.split(/[?#]/)[0] ?? '', source: '' }])[0];
    node.file_data = dataUrl(file, base64);
  };
}

/** The node's image or document URL in `surface`'s dialect, with its writer; undefined when the node holds none. */
function readImage(surface: PassthroughSurface, node: Record<string, unknown>, source: string): FoundImage | undefined {
  if (surface === 'openai-chat' && node.type === 'image_url' && isRecord(node.image_url) && isUrl(node.image_url.url)) {
    const imageUrl = node.image_url;
    return { kind: 'image', source, url: imageUrl.url as string, inline: (image, base64) => (node.image_url = { ...imageUrl, url: dataUrl(image, base64) }) };
  }
  if (surface === 'openai-responses' && node.type === 'input_image') {
    if (isUrl(node.image_url)) return { kind: 'image', source, url: node.image_url, inline: (image, base64) => (node.image_url = dataUrl(image, base64)) };
    return undefined;
  }
  if (surface === 'openai-responses' && node.type === 'input_file') {
    if (isUrl(node.file_url)) return { kind: 'document', source, url: node.file_url, inline: inlineResponsesFile(node, node.file_url) };
    return undefined;
  }
  if (surface === 'anthropic-messages' && (node.type === 'image' || node.type === 'document') && isRecord(node.source) && node.source.type === 'url' && isUrl(node.source.url)) {
    return {
      kind: node.type === 'image' ? 'image' : 'document',
      source,
      url: node.source.url,
      inline: (file, base64) => (node.source = { type: 'base64', media_type: file.mediaType, data: base64 }),
    };
  }
  return undefined;
}

/** Whether `value` holds an image or document URL: the check every passthrough request pays, so no paths are built. */
function containsImage(surface: PassthroughSurface, value: unknown, depth: number): boolean {
  if (depth > maxDepth) return false;
  if (Array.isArray(value)) return value.some((entry) => containsImage(surface, entry, depth + 1));
  if (!isRecord(value)) return false;
  return readImage(surface, value, '') !== undefined || Object.values(value).some((entry) => containsImage(surface, entry, depth + 1));
}

/** Every image URL under `value`, in document order, named by its path in the client's body (`messages[0].content[1]`). */
function findImages(surface: PassthroughSurface, value: unknown, path: string, depth: number, found: FoundImage[]): FoundImage[] {
  if (depth > maxDepth) return found;
  if (Array.isArray(value)) value.forEach((entry, index) => findImages(surface, entry, `${path}[${index}]`, depth + 1, found));
  else if (isRecord(value)) {
    const image = readImage(surface, value, path);
    if (image !== undefined) found.push(image);
    else for (const [key, entry] of Object.entries(value)) findImages(surface, entry, `${path}.${key}`, depth + 1, found);
  }
  return found;
}

/**
 * Image and document URLs in a passthrough body -> the same inline, in the surface's own form: chat `image_url.url`
 * and Responses `input_image.image_url` become data: URLs, a Responses `input_file.file_url` becomes `file_data`
 * (with a `filename`), an Anthropic URL source (image or document) becomes `{type:'base64',…}`. Whether
 * AskSage's surfaces fetch URLs is not recorded, and what they could reach is not the proxy's network anyway (an
 * intranet or loopback URL never is), so by default every URL is fetched here, through the same `ImageFetcher` and
 * checks as in query mode (guard, `maxBytes`/`maxDocumentBytes`, magic bytes: documents must be PDFs, bounded
 * concurrency). Refusals name the part. data: URLs and base64 sources are left as the client sent them. Returns the body unchanged (the same object) when nothing was
 * inlined; otherwise a copy, so the client's body is never modified.
 */
export async function inlinePassthroughImages(surface: PassthroughSurface, body: Record<string, unknown>, options: InlinePassthroughImagesOptions = {}): Promise<{ body: Record<string, unknown>; inlined: number }> {
  const field = conversationField[surface];
  if ((options.mode ?? 'inline') === 'forward' || !containsImage(surface, body[field], 0)) return { body, inlined: 0 };
  // Only the conversation is rewritten, so only it is copied (tools and the rest stay shared, unmodified).
  const copy: Record<string, unknown> = { ...body, [field]: JSON.parse(JSON.stringify(body[field])) as unknown };
  const images = findImages(surface, copy[field], field, 0, []);
  const maxBytes = { image: options.maxBytes ?? defaultMaxImageBytes, document: options.maxDocumentBytes ?? defaultMaxDocumentBytes };
  const fetched = await settleInClientOrder(images, options.concurrency ?? defaultImageFetchConcurrency, (image) =>
    fetchAttachmentUrl(image.kind, image.source, image.url, { ...options, maxBytes: maxBytes[image.kind] }),
  );
  images.forEach((image, index) => {
    const checked = fetched[index] as CheckedAttachment;
    image.inline(checked, encodeBase64(checked.bytes));
  });
  return { body: copy, inlined: images.length };
}
