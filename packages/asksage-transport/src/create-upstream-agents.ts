import http from 'node:http';
import https from 'node:https';
import { createTenantSecureContext } from './create-tenant-secure-context';

/** The two connection pools every call shares. */
export interface UpstreamAgents {
  /** For `https://` tenants. */
  https: https.Agent;
  /** For plain `http://` base URLs (the local simulator needs no certificate). */
  http: http.Agent;
}

/** Node's own idle-socket timeout for its global agent: an idle keep-alive socket is dropped before servers usually drop it. */
const idleSocketTimeoutMs = 5_000;

/** Idle keep-alive sockets kept per agent; more concurrent calls open more sockets, which close when idle. */
const maxIdleSockets = 256;

/**
 * TCP keep-alive delay of upstream sockets: axios' own, which its http adapter sets on every socket it is handed
 * (`setKeepAlive(true, 60_000)`, so that a long generation with no bytes is not dropped by a middlebox). With the
 * agent's default (1 s) each call switched the socket between the two, and Node asks the kernel again on every change:
 * eight `setsockopt` calls per request (issue 9, strace of the proxy under load). With one value, once per connection.
 */
export const upstreamKeepAliveDelayMs = 60_000;

/**
 * One keep-alive pool per scheme for the life of the client: a per-request agent would pay a TCP and TLS
 * handshake on every call. A given CA is *added* to Node's roots (a tenant bundle often holds only the
 * tenant's chain, while redirects or shared hosts may use public CAs), through one secure context built here
 * once (see `createTenantSecureContext` for why never the agent's `ca` option).
 */
export function createUpstreamAgents(options: { caCertificate?: string; maxSockets: number }): UpstreamAgents {
  const common = { keepAlive: true, keepAliveMsecs: upstreamKeepAliveDelayMs, maxSockets: options.maxSockets, maxFreeSockets: Math.min(options.maxSockets, maxIdleSockets), scheduling: 'lifo' as const, timeout: idleSocketTimeoutMs };
  return {
    https: new https.Agent({ ...common, ...(options.caCertificate ? { secureContext: createTenantSecureContext(options.caCertificate) } : {}) }),
    http: new http.Agent(common),
  };
}
