import type { ApiKeyConfig } from '@asksage-proxy/core';

/** What the startup banner shows. */
export interface StartupBannerInfo {
  /** e.g. `asksage-proxy 0.1.0`. */
  title: string;
  /** `http://host:port` as a client on this machine reaches it (loopback when bound to every interface). */
  url: string;
  /** Bound to 0.0.0.0 or ::, so reachable on every interface. */
  allInterfaces?: boolean;
  /** Pooled keys (names and weights only). */
  keys: readonly ApiKeyConfig[];
  /** Number of models at least one configured key may use. */
  modelCount: number;
  /** Models the validated cache lists but no configured key may use (requests get a 403). */
  unavailableModelCount?: number;
  /** Where the model list came from. */
  modelSource: string;
  /** Config file, or a description of where the settings came from. */
  configSource: string;
  /** AskSage server root. */
  upstream: string;
  /** How streams are produced: `auto` (native AskSage streaming) or `off` (synthesized from whole replies). */
  nativeStreaming?: 'auto' | 'off';
  /** Which AskSage API serves completions: `query` (translated) or `passthrough` (its compatibility surface). */
  upstreamApi?: 'query' | 'passthrough';
  /** Whether inbound requests need a proxy key. */
  inboundAuthentication: boolean;
  /** The Unix socket listened on instead of TCP (then `url` is `http://localhost`, reached through it). */
  socket?: string;
}

/** The lines printed once the server listens: where to point clients and what it runs with. Key names only. */
export function formatStartupBanner(info: StartupBannerInfo): string {
  const keys = info.keys.map((entry) => `${entry.name} (weight ${entry.weight})`).join(', ');
  const unavailable = info.unavailableModelCount ? ` (${info.unavailableModelCount} not available to your keys)` : '';
  if (info.socket !== undefined) {
    return [
      `${info.title} listening on the Unix socket ${info.socket} (no TCP port)`,
      `  Try:             curl --unix-socket ${info.socket} http://localhost/v1/models`,
      `  Keys:            ${info.keys.length} — ${keys}`,
      `  Models:          ${info.modelCount} usable from ${info.modelSource}${unavailable}`,
      `  Upstream:        ${info.upstream}`,
      `  Config:          ${info.configSource}`,
      `  Status page:     ${info.url}/status (through the socket)`,
      '',
    ].join('\n');
  }
  return [
    info.allInterfaces ? `${info.title} listening on all interfaces, port ${new URL(info.url).port}` : `${info.title} listening on ${info.url}`,
    `  OpenAI base URL: ${info.url}/v1`,
    `  Keys:            ${info.keys.length} — ${keys}`,
    `  Models:          ${info.modelCount} usable from ${info.modelSource}${unavailable}`,
    `  Upstream:        ${info.upstream} (${describeUpstreamMode(info)})`,
    `  Config:          ${info.configSource}`,
    `  Inbound auth:    ${info.inboundAuthentication ? 'Authorization: Bearer (or x-api-key) <one of proxy_api_keys> required' : 'none (any client that can connect is served)'}`,
    `  Status page:     ${info.url}/status`,
    '',
  ].join('\n');
}

/** The warning for a proxy reachable from the network with no inbound key. */
export function formatExposedWarning(host: string): string {
  return [
    '',
    `WARNING: listening on ${host} (reachable from other machines) without proxy_api_keys:`,
    '         anyone who can reach this port can spend your AskSage keys.',
    '         Set proxy_api_keys in the config (or ASKSAGE_PROXY_PROXY_API_KEYS), or bind 127.0.0.1.',
    '',
  ].join('\n');
}

/** Which AskSage API serves completions and how streams are produced, for the banner's Upstream line. */
export function describeUpstreamMode(info: Pick<StartupBannerInfo, 'nativeStreaming' | 'upstreamApi'>): string {
  if (info.upstreamApi === 'passthrough') return "passthrough to AskSage's /openai/v1 and /anthropic/v1 surfaces; streams piped as AskSage sends them";
  return `/query${info.nativeStreaming === 'off' ? '; streams synthesized from whole replies' : '; streams as AskSage generates'}`;
}
