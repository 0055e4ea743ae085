import type { CompletionEvent } from '../conversation/completion-event';
import type { CompletionResult } from '../conversation/completion-result';
import { splitTextPieces } from './split-text-pieces';

/**
 * The events of a whole result, for upstreams that answer in one piece: the text in pieces whose concatenation is
 * the text byte for byte, then each tool call (its start, then its arguments in fragments, as OpenAI streams them),
 * then exactly one `finish`. No delays: the caller sends them as fast as it can.
 */
export function synthesizeCompletionEvents(result: CompletionResult): CompletionEvent[] {
  const events: CompletionEvent[] = splitTextPieces(result.text).map((delta) => ({ type: 'text-delta', delta }));
  result.toolCalls.forEach((call, index) => {
    events.push({ type: 'tool-call-start', index, id: call.id, name: call.name });
    for (const delta of splitTextPieces(call.arguments)) events.push({ type: 'tool-call-delta', index, delta });
  });
  const finish: CompletionEvent = { type: 'finish', finishReason: result.finishReason };
  if (result.usage !== undefined) finish.usage = result.usage;
  if (result.stopSequence !== undefined) finish.stopSequence = result.stopSequence;
  events.push(finish);
  return events;
}
