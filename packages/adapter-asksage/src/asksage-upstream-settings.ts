/** Settings of `createAskSageUpstreamClient`; they come from the composition root (the CLI's config). */
export interface AskSageUpstreamSettings {
  /** The tenant's server root, e.g. `https://api.asksage.anl.gov/server` (a trailing slash is fine). */
  serverBaseUrl: string;
  /** The tenant's user root (`…/user`); unused by the chat path today, kept for token exchange. */
  userBaseUrl?: string;
  /** PEM text of the tenant's CA bundle (the CLI reads `cert_path`); trusted in addition to Node's default roots. */
  caCertificate?: string;
  /** Time allowed to open a new connection (TCP and TLS), from the moment it is opened; default 10 s. 0 disables. */
  connectTimeoutMs?: number;
  /** Time allowed for a whole call, generation included; default 600 s because long answers take minutes. 0 disables. */
  timeoutMs?: number;
  /** Concurrent connections per upstream host; default unlimited (like Node's), so long generations never queue. */
  maxSockets?: number;
}
