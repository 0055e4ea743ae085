import { ProxyError } from '../errors/proxy-error';
import type { PassthroughSurface } from '../ports/passthrough-client';

/** Tools per request on AskSage's OpenAI surface: more are rejected upstream (BYOK-Adapter FINDINGS, T11). */
export const passthroughMaxTools = 128;

/** `max_tokens` sent to the Anthropic surface when the client sent none: it answers 502 without one. */
export const defaultAnthropicMaxTokens = 4096;

/**
 * Top-level fields AskSage's Anthropic surface accepts. It answers HTTP 502 "Provider request failed" to any other
 * top-level field (BYOK-Adapter `research/live/FINDINGS.md`, T17; protocol doc §4.9), and clients add new ones every
 * release (Claude Code sends `context_management`, `output_config`), so the proxy keeps the documented Messages
 * fields and strips the rest. `thinking` round-trips with signatures (FINDINGS T7); `cache_control` is nested.
 */
const anthropicTopLevelFields: ReadonlySet<string> = new Set([
  'model', 'messages', 'max_tokens', 'system', 'metadata', 'stop_sequences', 'stream', 'temperature', 'top_p', 'top_k',
  'tools', 'tool_choice', 'thinking',
]);

/** What `preparePassthroughBody` hands to the surface. */
export interface PreparedPassthroughBody {
  /** The body to send, with the resolved AskSage model id. */
  body: Record<string, unknown>;
  /** Whether the client asked for a stream. */
  stream: boolean;
  /** Top-level fields the proxy removed (Anthropic surface), for a debug line. */
  stripped: string[];
}

/** Options of `preparePassthroughBody`. */
export interface PreparePassthroughOptions {
  /** The AskSage model id the catalog resolved (aliases resolved: the surfaces want exact get-models ids, §5). */
  model: string;
  /** `max_tokens` for Anthropic requests without one; default `defaultAnthropicMaxTokens`. */
  anthropicMaxTokens?: number;
}

function countTools(body: Record<string, unknown>): number {
  return Array.isArray(body.tools) ? body.tools.length : 0;
}

/**
 * The checks that need no model: a JSON object, a boolean `stream`, and on the OpenAI surfaces at most 128 tools (a
 * clear 400 naming the limit rather than the surface's refusal). Returns the body as a record.
 */
export function checkPassthroughBody(surface: PassthroughSurface, body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ProxyError('invalid_request', 'The request body must be a JSON object.');
  }
  const source = body as Record<string, unknown>;
  if (source.stream !== undefined && typeof source.stream !== 'boolean') {
    throw new ProxyError('invalid_request', '`stream` must be true or false.', { param: 'stream' });
  }
  const tools = countTools(source);
  if (surface !== 'anthropic-messages' && tools > passthroughMaxTools) {
    throw new ProxyError(
      'invalid_request',
      `This request has ${tools} tools; AskSage's OpenAI-compatible surface accepts at most ${passthroughMaxTools}. Send fewer tools.`,
      { param: 'tools' },
    );
  }
  return source;
}

/**
 * A client body -> the body a compatibility surface accepts, or a `ProxyError` for what the surface would refuse
 * unhelpfully: more than 128 tools on the OpenAI surfaces (a clear 400 naming the limit), and on the Anthropic surface
 * the fields that would make it answer a bare 502 are stripped and a missing `max_tokens` gets a default.
 * Everything else goes through untouched: the surface speaks the client's dialect.
 */
export function preparePassthroughBody(surface: PassthroughSurface, body: unknown, options: PreparePassthroughOptions): PreparedPassthroughBody {
  const source = checkPassthroughBody(surface, body);
  const stream = source.stream === true;
  if (surface !== 'anthropic-messages') return { body: { ...source, model: options.model }, stream, stripped: [] };
  const kept: Record<string, unknown> = {};
  const stripped: string[] = [];
  for (const [name, value] of Object.entries(source)) {
    if (anthropicTopLevelFields.has(name)) kept[name] = value;
    else stripped.push(name);
  }
  kept.model = options.model;
  if (kept.max_tokens === undefined || kept.max_tokens === null) kept.max_tokens = options.anthropicMaxTokens ?? defaultAnthropicMaxTokens;
  return { body: kept, stream, stripped };
}
