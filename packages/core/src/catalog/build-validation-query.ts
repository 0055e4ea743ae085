import { buildAskSageQuery } from '../asksage/build-asksage-query';
import type { AskSageQuery } from '../types/asksage';

/**
 * The cheapest query that proves a model answers for a key, made by the one `/query` builder: a system text
 * replaces the default persona (about 780 prompt tokens otherwise, protocol doc §2.2), no dataset, no web, no
 * retrieval, temperature 0, one word back, and `usage: true` so the real cost is reported.
 */
export function buildValidationQuery(model: string): AskSageQuery {
  return buildAskSageQuery(
    { system: ['Reply with one word.'], turns: [{ role: 'user', parts: [{ type: 'text', text: 'Hi' }] }], sampling: { temperature: 0 } },
    { model, dataset: 'none', live: 0, limitReferences: 0 },
  );
}
