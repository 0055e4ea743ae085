import type { TokenCounter } from '../ports/token-counter';
import type { AskSageUsage } from '../types/asksage';
import type { CompletionUsage } from '../types/openai';

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;

/** Inputs of `readCompletionUsage`. */
export interface CompletionUsageSource {
  /** AskSage's `usage` (present because the proxy always sends `usage: true`). */
  usage: AskSageUsage | null | undefined;
  /** Fallback counter when AskSage reports nothing. */
  tokenCounter?: TokenCounter;
  /** What was sent upstream. */
  promptText?: string;
  /** What the model produced (content plus tool calls). */
  completionText: string;
}

/**
 * OpenAI `usage` from AskSage's `usage.model_tokens` (model tokens, not AskSage's billing tokens), computing the
 * total when missing; otherwise counted offline; undefined when neither is possible (better absent than invented).
 */
export function readCompletionUsage(source: CompletionUsageSource): CompletionUsage | undefined {
  const modelTokens = source.usage?.model_tokens;
  if (modelTokens && isCount(modelTokens.prompt_tokens) && isCount(modelTokens.completion_tokens)) {
    const { prompt_tokens: promptTokens, completion_tokens: completionTokens } = modelTokens;
    const totalTokens = isCount(modelTokens.total_tokens) ? modelTokens.total_tokens : promptTokens + completionTokens;
    return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: totalTokens };
  }
  if (!source.tokenCounter) return undefined;
  const promptTokens = source.promptText ? source.tokenCounter.count(source.promptText) : 0;
  const completionTokens = source.completionText ? source.tokenCounter.count(source.completionText) : 0;
  return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
}
