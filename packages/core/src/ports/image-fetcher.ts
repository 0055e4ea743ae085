import type { AbortSignalLike } from './abort-signal-like';

/** One image (or document) URL to fetch, with what the fetcher needs to refuse it precisely. */
export interface ImageFetchRequest {
  /** An `http(s)` URL the client sent. Echo it only shortened (it may carry tokens in its query). */
  url: string;
  /** Where the image came from in the client's body (`messages[1].content[2]`); every refusal names it. */
  source: string;
  /** Refuse (`payload_too_large`) as soon as the body exceeds this many bytes; never buffer more. */
  maxBytes: number;
  /**
   * What the URL should hold: `image` (the default: PNG, JPEG, GIF or WebP) or `document` (PDF). A fetcher that
   * sniffs the first bytes to stop early must sniff for this kind, and name it in refusals (`document URL …`).
   */
  kind?: 'image' | 'document';
  /** Fires when the client went away: stop the download at once and reject with `request_aborted`. */
  signal?: AbortSignalLike;
}

/** The downloaded image. */
export interface FetchedImage {
  /** The body, exactly as served. */
  bytes: Uint8Array;
  /** The `content-type` the server declared, if any (core trusts the magic bytes, not this). */
  declaredMediaType?: string;
}

/**
 * Fetches images and documents clients pass by URL, so they can be attached to the AskSage query as files (the port
 * keeps its image name: documents were added later and take the same guard). Core calls it only
 * after the request passed validation (model, keys, query) and before any key is picked.
 *
 * Contract (checked by `describeImageFetcherContract` in `@asksage-proxy/core/testing`):
 * - Resolves with the exact bytes served.
 * - Rejects with `ProxyError`s whose message names `source` and says why, and never echoes the whole URL:
 *   `invalid_request` for a refused scheme, address (request forgery guard) or redirect, a failed or timed-out
 *   download or a non-2xx status; `payload_too_large` when the body exceeds `maxBytes`; `request_aborted` when the
 *   signal fires.
 */
export interface ImageFetcher {
  /** Downloads one image URL under the fetcher's guard. */
  fetch(request: ImageFetchRequest): Promise<FetchedImage>;
}
