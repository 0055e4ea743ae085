import { ProxyError, shortenUrl } from '@asksage-proxy/core';
import type { ProxyErrorCode } from '@asksage-proxy/core';

/** A refusal naming the image or document (its path in the client's body) and the URL, shortened, and why. */
export function createImageFetchError(code: ProxyErrorCode, source: string, url: string, why: string, cause?: unknown, noun: 'image' | 'document' = 'image'): ProxyError {
  return new ProxyError(code, `${source}: ${noun} URL ${shortenUrl(url)} ${why}`, { param: source, ...(cause === undefined ? {} : { cause }) });
}
