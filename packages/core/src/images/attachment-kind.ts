import type { DocumentMediaType } from './detect-document-media-type';
import { detectDocumentMediaType } from './detect-document-media-type';
import type { ImageMediaType } from './detect-image-media-type';
import { detectImageMediaType, imageExtensions } from './detect-image-media-type';

/** What a client attached: an image (AskSage describes it) or a document (AskSage extracts its text). */
export type AttachmentKind = 'image' | 'document';

/** A format the proxy attaches, known by its first bytes. */
export type AttachmentMediaType = ImageMediaType | DocumentMediaType;

/** How one kind is checked, named in refusals and saved as a file. */
export interface AttachmentRules {
  /** The word refusals use (`image URL …`, `the document is larger …`). */
  noun: AttachmentKind;
  /** The config key of its size cap, named in 413s. */
  limitSetting: string;
  /** The accepted formats in words, for the magic-byte refusal. */
  formats: string;
  /** A data: URL example, for the non-base64 refusal. */
  dataUrlExample: string;
  /** The format by magic bytes; undefined when not accepted. */
  detect(bytes: Uint8Array): AttachmentMediaType | undefined;
  /** The file extension of a detected format. */
  extension(mediaType: AttachmentMediaType): string;
}

/** The rules per kind: images are PNG/JPEG/GIF/WebP, documents PDF, each with its own cap. */
export const attachmentRules: Record<AttachmentKind, AttachmentRules> = {
  image: {
    noun: 'image',
    limitSetting: 'max_image_bytes',
    formats: 'a PNG, JPEG, GIF or WebP image',
    dataUrlExample: 'data:image/png;base64,…',
    detect: detectImageMediaType,
    extension: (mediaType) => imageExtensions[mediaType as ImageMediaType] ?? 'bin',
  },
  document: {
    noun: 'document',
    limitSetting: 'max_document_bytes',
    formats: 'a PDF document',
    dataUrlExample: 'data:application/pdf;base64,…',
    detect: detectDocumentMediaType,
    extension: () => 'pdf',
  },
};

/** The format of `bytes` if `kind` accepts it (for fetchers that stop a download at its first bytes). */
export function detectAttachmentMediaType(kind: AttachmentKind, bytes: Uint8Array): AttachmentMediaType | undefined {
  return attachmentRules[kind].detect(bytes);
}
