import type { DialectServices, Gateway, IdGenerator, Logger, PassthroughGateway, ProxyObserver, StatusReport } from '@asksage-proxy/core';
import type { RouteSpec } from './route-spec';

/** What `GET /version` reports about this build. */
export interface HttpAppVersion {
  /** Package name, e.g. `asksage-proxy`. */
  name: string;
  /** The running version. */
  current: string;
  /** Looks up the newest published version; raced against a short timeout, failures read as unknown. Absent: not asked. */
  latest?: () => Promise<string | undefined>;
  /** Said next to the versions, e.g. where releases come from when the build is not published to a registry. */
  note?: string;
}

/** Tunables of the HTTP layer. */
export interface HttpAppOptions {
  /** When non-empty, a key (`Authorization: Bearer` or `x-api-key`) is required on every route but the public probes. */
  proxyApiKeys?: string[];
  /** Interval of SSE heartbeats while a stream waits for its next frame; default 15 000 ms. */
  heartbeatIntervalMs?: number;
  /** Largest accepted request body in bytes (413 above it); default 10 MiB. */
  maxBodyBytes?: number;
  /** Bytes of request bodies held at once across all requests (503 proxy_overloaded above it); default 128 MiB. */
  maxInFlightBodyBytes?: number;
  /** Extra exact origins (`https://chat.example.org`) whose web pages may call the proxy without proxy_api_keys. */
  corsOrigins?: string[];
  /**
   * `query` (default): completions are translated to AskSage's `/query`. `passthrough`: routes with a `passthrough`
   * surface send the client's body to AskSage's own compatibility surface instead (needs `passthrough` wired).
   */
  upstreamApi?: 'query' | 'passthrough';
  /** `loopback` (when bound to loopback): refuse requests whose Host is not a loopback name. Default `any`. */
  allowedHosts?: 'any' | 'loopback';
}

/** Operational views wired by the composition root; a route whose view is absent answers 404 (turned off). */
export interface HttpOperations {
  /** Prometheus text exposition for `GET /metrics` (absent when `metrics: false`). */
  metrics?: () => Promise<{ contentType: string; body: string }>;
  /** The report behind `GET /status.json` and the status page; `monthToDate` asks AskSage (cached) for spend. */
  status?: (options: { monthToDate: boolean }) => Promise<StatusReport>;
}

/** Everything `createHttpApp` needs; built by the composition root (apps/cli). */
export interface HttpAppDependencies {
  /** The one core use-case surface every route calls. */
  gateway: Gateway;
  /** AskSage's compatibility surfaces; required when `options.upstreamApi` is `passthrough`. */
  passthrough?: PassthroughGateway;
  /** Ids, clock, token counter and stores the dialects use. */
  services: DialectServices;
  /** Request log and unexpected-error details. */
  logger: Logger;
  /** Request ids (`req_…`), sent back as `x-request-id`. */
  ids: IdGenerator;
  /** Name and version for `GET /` and `GET /version`. */
  version: HttpAppVersion;
  /** The route table; default `httpRoutes` (add rows to serve more). */
  routes?: readonly RouteSpec[];
  /** Optional tunables. */
  options?: HttpAppOptions;
  /** Metrics and status views (`GET /metrics`, `/status`, `/status.json`); default none. */
  operations?: HttpOperations;
  /**
   * The gateway's observer, told of the completion requests this layer refused before the gateway saw them (bad body,
   * too large, wrong proxy key), so metrics and the status page count every client request. Default: not told.
   */
  observer?: ProxyObserver;
}
