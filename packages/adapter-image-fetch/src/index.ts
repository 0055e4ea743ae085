/**
 * @asksage-proxy/adapter-image-fetch — the `ImageFetcher` port over Node http(s), with the request-forgery guard.
 */
export { createNodeImageFetcher } from './create-node-image-fetcher';
export type { NodeImageFetcherSettings, HostResolver, ResolvedAddress } from './image-fetch-settings';
export { classifyAddress } from './classify-address';
export type { AddressClass } from './classify-address';
