import { ProxyError } from '../errors/proxy-error';
import { attachmentRules } from '../images/attachment-kind';
import { shortenUrl } from '../images/shorten-url';
import type { FetchedImage, ImageFetcher, ImageFetchRequest } from '../ports/image-fetcher';

/** What the fake serves at one URL: bytes, or an HTTP status. */
export type FakeImageRoute = { bytes: Uint8Array; contentType?: string } | { status: number };

/** Options of `createFakeImageFetcher`. */
export interface FakeImageFetcherOptions {
  /** URL -> what it serves. Any other URL answers 404. */
  routes?: Readonly<Record<string, FakeImageRoute>>;
  /** Hosts the fake's guard refuses, like the real one refuses internal addresses; default the metadata and loopback hosts. */
  refusedHosts?: readonly string[];
}

/** The in-memory `ImageFetcher` with its record of requests. */
export interface FakeImageFetcher extends ImageFetcher {
  /** Every request, in order (lets a test prove nothing was fetched). */
  readonly requests: readonly ImageFetchRequest[];
}

/**
 * An in-memory `ImageFetcher` for core tests: serves scripted bytes per URL, refuses scripted hosts and non-http(s)
 * schemes like the real guard, applies `maxBytes`, honours the signal, and records every request. No I/O, no timers.
 */
export function createFakeImageFetcher(options: FakeImageFetcherOptions = {}): FakeImageFetcher {
  const requests: ImageFetchRequest[] = [];
  const refusedHosts = new Set(options.refusedHosts ?? ['169.254.169.254', 'localhost', '127.0.0.1', '[::1]']);
  const refuse = (request: ImageFetchRequest, why: string, code: 'invalid_request' | 'payload_too_large' = 'invalid_request'): ProxyError =>
    new ProxyError(code, `${request.source}: ${request.kind ?? 'image'} URL ${shortenUrl(request.url)} ${why}`, { param: request.source });

  return {
    requests,
    fetch(request: ImageFetchRequest): Promise<FetchedImage> {
      requests.push(request);
      if (request.signal?.aborted === true) return Promise.reject(new ProxyError('request_aborted', 'The request was cancelled while an image was being fetched.'));
      const host = /^https?:\/\/([^/?#:]+|\[[^\]]+\])/i.exec(request.url)?.[1]?.toLowerCase();
      if (host === undefined) return Promise.reject(refuse(request, 'has an unsupported scheme; only http and https are fetched.'));
      if (refusedHosts.has(host)) return Promise.reject(refuse(request, 'was refused: its host is not a public address.'));
      const route = options.routes?.[request.url];
      if (route === undefined) return Promise.reject(refuse(request, 'could not be fetched: the server answered HTTP 404.'));
      if ('status' in route) return Promise.reject(refuse(request, `could not be fetched: the server answered HTTP ${route.status}.`));
      if (route.bytes.length > request.maxBytes) return Promise.reject(refuse(request, `is larger than the proxy's limit of ${request.maxBytes} bytes (${attachmentRules[request.kind ?? 'image'].limitSetting}).`, 'payload_too_large'));
      return Promise.resolve({ bytes: route.bytes, ...(route.contentType === undefined ? {} : { declaredMediaType: route.contentType }) });
    },
  };
}
