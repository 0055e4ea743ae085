/** Settings of `createAskSagePassthroughClient`; they come from the composition root (the CLI's config). */
export interface AskSagePassthroughSettings {
  /** The tenant's server root, e.g. `https://api.asksage.ai/server`; the surfaces live under it (`…/openai/v1/…`). */
  serverBaseUrl: string;
  /** PEM text of the tenant's CA bundle (`cert_path`); trusted in addition to Node's roots. */
  caCertificate?: string;
  /** Time allowed to open a connection (TCP and TLS); default 10 s. 0 disables. */
  connectTimeoutMs?: number;
  /** Time allowed for a whole call, a stream included; default 600 s. 0 disables. */
  timeoutMs?: number;
  /** Concurrent connections per host; default unlimited. */
  maxSockets?: number;
  /** `anthropic-version` sent to the Anthropic surface; default `2023-06-01` (the only version Anthropic documents). */
  anthropicVersion?: string;
}
