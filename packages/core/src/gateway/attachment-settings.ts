import type { ImageFetcher } from '../ports/image-fetcher';
import type { ResolveAttachmentFilesOptions } from '../images/resolve-attachment-files';

/** The attachment limits and fetcher of a gateway's options, as `resolveAttachmentFiles` and the passthrough inliner take them. */
export function attachmentSettings(
  imageFetcher: ImageFetcher | undefined,
  options: { maxImageBytes?: number; maxDocumentBytes?: number; imageFetchConcurrency?: number } | undefined,
): Omit<ResolveAttachmentFilesOptions, 'signal'> {
  return {
    ...(imageFetcher === undefined ? {} : { fetcher: imageFetcher }),
    ...(options?.maxImageBytes === undefined ? {} : { maxBytes: options.maxImageBytes }),
    ...(options?.maxDocumentBytes === undefined ? {} : { maxDocumentBytes: options.maxDocumentBytes }),
    ...(options?.imageFetchConcurrency === undefined ? {} : { concurrency: options.imageFetchConcurrency }),
  };
}
