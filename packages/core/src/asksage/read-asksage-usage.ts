import type { Usage } from '../conversation/completion-result';
import type { TokenCounter } from '../ports/token-counter';
import type { AskSageUsage } from '../types/asksage';

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;

/** Inputs of `readAskSageUsage`. */
export interface AskSageUsageSource {
  /** AskSage's `usage` (present because the proxy always sends `usage: true`). */
  usage: AskSageUsage | null | undefined;
  /** Fallback counter when AskSage reports nothing. */
  tokenCounter?: TokenCounter;
  /** What was sent upstream. */
  promptText?: string;
  /** What the model produced (text plus tool calls). */
  completionText: string;
}

/**
 * Usage from AskSage's `usage.model_tokens` (model tokens, not AskSage's billing tokens, which ride along as
 * `asksageTokens`), computing the total when missing; otherwise counted offline; undefined when neither is possible
 * (better absent than invented).
 */
export function readAskSageUsage(source: AskSageUsageSource): Usage | undefined {
  const modelTokens = source.usage?.model_tokens;
  const billed = source.usage?.asksage_tokens;
  const asksage = isCount(billed) ? { asksageTokens: billed } : {};
  if (modelTokens && isCount(modelTokens.prompt_tokens) && isCount(modelTokens.completion_tokens)) {
    const { prompt_tokens: inputTokens, completion_tokens: outputTokens } = modelTokens;
    const totalTokens = isCount(modelTokens.total_tokens) ? modelTokens.total_tokens : inputTokens + outputTokens;
    return { inputTokens, outputTokens, totalTokens, ...asksage, source: 'upstream' };
  }
  if (!source.tokenCounter) return undefined;
  const inputTokens = source.promptText ? source.tokenCounter.count(source.promptText) : 0;
  const outputTokens = source.completionText ? source.tokenCounter.count(source.completionText) : 0;
  return { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens, ...asksage, source: 'estimated' };
}
