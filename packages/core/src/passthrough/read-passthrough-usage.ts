import type { PassthroughSurface } from '../ports/passthrough-client';

/** Token counts of a whole reply. */
export interface PassthroughUsage {
  inputTokens: number;
  outputTokens: number;
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * The usage a surface reported in a whole reply: `prompt_tokens`/`completion_tokens` on chat completions,
 * `input_tokens`/`output_tokens` on Responses and Anthropic messages. Claude through the chat surface answers with
 * Anthropic-shaped usage inside a chat completion (FINDINGS §3.2), so both shapes are read on every surface.
 */
export function readPassthroughUsage(_surface: PassthroughSurface, body: unknown): PassthroughUsage | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const usage = (body as { usage?: unknown }).usage;
  if (usage === null || typeof usage !== 'object') return undefined;
  const fields = usage as Record<string, unknown>;
  const inputTokens = count(fields.prompt_tokens) ?? count(fields.input_tokens);
  const outputTokens = count(fields.completion_tokens) ?? count(fields.output_tokens);
  return inputTokens === undefined || outputTokens === undefined ? undefined : { inputTokens, outputTokens };
}
