/**
 * Approximate model tokens: a quarter of the characters, rounded up. Cheap on purpose (the simulator is
 * the benchmark upstream); real counts are not knowable without the model's tokenizer anyway.
 */
export function estimateTokenCount(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Prompt tokens the default persona (id 1) adds when no `system_prompt` is sent: 820 vs 40 recorded (protocol doc §2.2). */
export const DEFAULT_PERSONA_PROMPT_TOKENS = 780;

/** Ask Sage (billing) tokens for model tokens: prompt and completion rates roughly fitted to the two recorded replies. */
export function convertToAskSageTokens(promptTokens: number, completionTokens: number): number {
  return Math.ceil(promptTokens * 0.07 + completionTokens * 0.5);
}
