import type { AskSageQuery } from '../types/asksage';

/**
 * The text the model reads for a query (system prompt, then each turn), for counting prompt tokens when AskSage
 * sends no usage. Pass it as `promptText` to convertToChatCompletion.
 */
export function renderAskSagePromptText(query: AskSageQuery): string {
  const turns = typeof query.message === 'string' ? [query.message] : query.message.map((turn) => turn.message);
  return [query.system_prompt ?? '', ...turns].filter((text) => text !== '').join('\n\n');
}
