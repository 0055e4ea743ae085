/**
 * @asksage-proxy/asksage-transport — the Node HTTP(S) plumbing both AskSage adapters share (the `/query` adapter and
 * the compatibility-surface passthrough adapter), so neither imports the other (the image fetcher takes its TLS
 * context and certificate codes too): one keep-alive pool per scheme with
 * the tenant CA, one cancellation per call (caller abort, connect and total timeouts), transport failures as
 * `ProxyError`s that never carry the key. No port of its own and no AskSage protocol knowledge.
 */
export { createCallControl } from './create-call-control';
export type { CallControl, CallControlOptions, WatchedTransport } from './create-call-control';
export { createUpstreamAgents } from './create-upstream-agents';
export type { UpstreamAgents } from './create-upstream-agents';
export { createTenantSecureContext } from './create-tenant-secure-context';
export { certificateCodes, isTlsHandshakeCode, mapTransportError } from './map-transport-error';
export { openStreamingPost } from './open-streaming-post';
export type { OpenedStreamingPost, StreamingPost, StreamingPostSettings } from './open-streaming-post';
export type { TransportErrorContext } from './map-transport-error';
