/** Tokens one AskSage reply says it cost. */
export interface ReplyTokens {
  /** `usage.model_tokens.total_tokens` (0 when absent). */
  modelTokens: number;
  /** `usage.asksage_tokens`, AskSage's billing unit (0 when absent). */
  asksageTokens: number;
}

function asCount(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

/**
 * Reads the cost of a reply sent with `usage: true` (shape `{ model_tokens: {...}, asksage_tokens }`,
 * fixture query-success-usage.json). Anything else, error envelopes included, counts as zero.
 */
export function readReplyTokens(body: unknown): ReplyTokens {
  const usage = typeof body === 'object' && body !== null ? (body as { usage?: unknown }).usage : undefined;
  if (typeof usage !== 'object' || usage === null) return { modelTokens: 0, asksageTokens: 0 };
  const { model_tokens: modelTokens, asksage_tokens: asksageTokens } = usage as { model_tokens?: unknown; asksage_tokens?: unknown };
  const total = typeof modelTokens === 'object' && modelTokens !== null ? (modelTokens as { total_tokens?: unknown }).total_tokens : undefined;
  return { modelTokens: asCount(total), asksageTokens: asCount(asksageTokens) };
}
