import type { SamplingOptions } from '../../conversation/conversation';

type ReasoningEffort = NonNullable<SamplingOptions['reasoningEffort']>;

const effortByName: Record<string, ReasoningEffort> = { low: 'low', medium: 'medium', high: 'high', max: 'high' };

/**
 * Anthropic's `thinking` -> AskSage's `reasoning_effort` (low | medium | high; AskSage ignores it for models without
 * reasoning, protocol doc §2.2). A token budget has no AskSage equivalent, so it picks a band: up to 4 096 tokens is
 * low, up to 16 384 medium, more is high. `adaptive` (what Claude Code sends) lets the model decide, as AskSage does
 * when no effort is sent, unless `output_config.effort` names one. `disabled` sends none. The thinking itself never
 * comes back: AskSage returns no thinking blocks.
 */
export function mapThinkingToReasoningEffort(thinking: unknown, outputConfig: unknown): ReasoningEffort | undefined {
  const { type, budget_tokens: budget } = (thinking ?? {}) as { type?: unknown; budget_tokens?: unknown };
  if (type === 'enabled') {
    if (typeof budget !== 'number' || !Number.isFinite(budget)) return 'medium';
    if (budget <= 4096) return 'low';
    return budget <= 16_384 ? 'medium' : 'high';
  }
  if (type === 'adaptive' || type === undefined) {
    const effort = (outputConfig ?? {}) as { effort?: unknown };
    return typeof effort.effort === 'string' && Object.hasOwn(effortByName, effort.effort) ? effortByName[effort.effort] : undefined;
  }
  return undefined;
}
