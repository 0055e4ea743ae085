/**
 * @asksage-proxy/adapter-asksage — the upstream port over HTTP(S): axios with one shared keep-alive agent per
 * scheme, the tenant CA from `cert_path`, connect/total timeouts and abort, and AskSage's failures mapped to
 * `ProxyError`s.
 */
export { createAskSageUpstreamClient } from './create-asksage-upstream-client';
export type { AskSageUpstreamClient } from './create-asksage-upstream-client';
export type { AskSageUpstreamSettings } from './asksage-upstream-settings';
export { mapTransportError } from '@asksage-proxy/asksage-transport';
export type { TransportErrorContext } from '@asksage-proxy/asksage-transport';
export { createTenantSecureContext } from '@asksage-proxy/asksage-transport';
export { probeAskSageEndpoint } from './probe-asksage-endpoint';
export type { AskSageEndpointProbe, ProbeAskSageEndpointOptions } from './probe-asksage-endpoint';
export { judgeReachability } from './judge-reachability';
export type { ReachabilityVerdict } from './judge-reachability';
