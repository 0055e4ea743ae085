import type { AskSageQuery } from '../types/asksage';

/**
 * The cheapest query that proves a model answers for a key: a `system_prompt` replaces the default persona
 * (about 780 prompt tokens otherwise, protocol doc §2.2), no dataset, no web, no retrieval, one word back, and
 * `usage: true` so the real cost is reported.
 */
export function buildValidationQuery(model: string): AskSageQuery {
  return {
    message: 'Hi',
    model,
    system_prompt: 'Reply with one word.',
    dataset: 'none',
    live: 0,
    limit_references: 0,
    temperature: 0,
    usage: true,
  };
}
