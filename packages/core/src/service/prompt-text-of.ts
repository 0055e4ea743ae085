import type { AskSageQuery } from '../types/asksage';

/**
 * The text sent upstream, for counting prompt tokens when AskSage returns no usage: the system prompt and every
 * turn, in order. Counting what was actually sent (not the OpenAI request) keeps usage honest after translation.
 */
export function promptTextOf(query: AskSageQuery): string {
  const parts: string[] = [];
  if (query.system_prompt !== undefined && query.system_prompt !== '') parts.push(query.system_prompt);
  if (typeof query.message === 'string') parts.push(query.message);
  else for (const turn of query.message) parts.push(turn.message);
  return parts.join('\n\n');
}
