import type { PassthroughSurface } from '@asksage-proxy/core';

/** Where one surface lives under `{server}` and how it takes the key (protocol doc §4.9). */
export interface SurfaceTarget {
  /** Path under the server root. */
  path: string;
  /** The request headers carrying the key (and the version header Anthropic's surface requires). */
  headers(apiKey: string, anthropicVersion: string): Record<string, string>;
}

/**
 * The three surfaces: OpenAI's take `Authorization: Bearer <key>` and Anthropic's `x-api-key` plus `anthropic-version`.
 * The native `x-access-tokens` header is never sent here: a key in the wrong header is answered "Token is invalid [1]".
 */
export const surfaceTargets: Readonly<Record<PassthroughSurface, SurfaceTarget>> = {
  'openai-chat': { path: '/openai/v1/chat/completions', headers: (apiKey) => ({ authorization: `Bearer ${apiKey}` }) },
  'openai-responses': { path: '/openai/v1/responses', headers: (apiKey) => ({ authorization: `Bearer ${apiKey}` }) },
  'anthropic-messages': { path: '/anthropic/v1/messages', headers: (apiKey, anthropicVersion) => ({ 'x-api-key': apiKey, 'anthropic-version': anthropicVersion }) },
};
