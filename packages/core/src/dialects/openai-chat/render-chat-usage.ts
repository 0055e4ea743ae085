import type { Usage } from '../../conversation/completion-result';
import type { CompletionUsage } from '../../types/openai';

/** Neutral usage -> OpenAI's `usage` (model tokens; AskSage's billing tokens are not part of OpenAI's shape). */
export function renderChatUsage(usage: Usage): CompletionUsage {
  return { prompt_tokens: usage.inputTokens, completion_tokens: usage.outputTokens, total_tokens: usage.totalTokens };
}
