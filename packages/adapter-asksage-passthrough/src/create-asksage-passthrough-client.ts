import { createUpstreamAgents } from '@asksage-proxy/asksage-transport';
import type { PassthroughClient, PassthroughSurface } from '@asksage-proxy/core';
import type { AskSagePassthroughSettings } from './asksage-passthrough-settings';
import { openPassthroughCall } from './open-passthrough-call';
import { readWholeReply } from './read-whole-reply';
import { surfaceTargets } from './surface-target';

/** The passthrough port over HTTP(S), plus shutdown. */
export type AskSagePassthroughClient = PassthroughClient & {
  /** Destroys the connection pools (open sockets included). */
  close(): void;
};

/**
 * `PassthroughClient` for a real AskSage tenant (or the simulator): POSTs the client's own body to
 * `{server}/openai/v1/chat/completions`, `{server}/openai/v1/responses` or `{server}/anthropic/v1/messages`, with the
 * key in the header that surface expects. Transport only: every HTTP status resolves (core reads envelopes and error
 * bodies); network failures, timeouts and aborts reject with `ProxyError`s that never contain the key.
 */
export function createAskSagePassthroughClient(settings: AskSagePassthroughSettings): AskSagePassthroughClient {
  const serverBaseUrl = settings.serverBaseUrl.replace(/\/+$/, '');
  const anthropicVersion = settings.anthropicVersion ?? '2023-06-01';
  const agents = createUpstreamAgents({ caCertificate: settings.caCertificate, maxSockets: settings.maxSockets ?? Infinity });
  const transport = { agents, connectTimeoutMs: settings.connectTimeoutMs ?? 10_000, timeoutMs: settings.timeoutMs ?? 600_000 };

  const open = (surface: PassthroughSurface, body: unknown, apiKey: string, signal: Parameters<PassthroughClient['send']>[2]['signal']) => {
    const target = surfaceTargets[surface];
    return openPassthroughCall(transport, { url: `${serverBaseUrl}${target.path}`, headers: target.headers(apiKey, anthropicVersion), body: JSON.stringify(body), signal });
  };

  return {
    send: async (surface, body, options) => readWholeReply(await open(surface, body, options.apiKey, options.signal)),
    sendStream: (surface, body, options) => open(surface, body, options.apiKey, options.signal),
    close(): void {
      agents.https.destroy();
      agents.http.destroy();
    },
  };
}
