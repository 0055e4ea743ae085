import type { CompletionResult, FinishReason, Usage as NeutralUsage } from '../../conversation/completion-result';
import type { IdGenerator } from '../../ports/id-generator';
import type { DialectResponseMeta } from '../dialect';
import type { ContentBlock, Message, StopReason, Usage } from './anthropic-messages-types';

/** Neutral finish reason -> Anthropic `stop_reason`; a matched stop sequence is `stop_sequence`. */
export function toStopReason(finishReason: FinishReason, stopSequence: string | undefined): StopReason {
  switch (finishReason) {
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
      return 'tool_use';
    case 'content_filter':
      return 'refusal';
    default:
      return stopSequence !== undefined ? 'stop_sequence' : 'end_turn';
  }
}

/** Neutral usage -> Anthropic usage; no prompt cache here, so the cache fields are 0. */
export function toAnthropicUsage(usage: NeutralUsage | undefined): Usage {
  return {
    input_tokens: usage?.inputTokens ?? 0,
    output_tokens: usage?.outputTokens ?? 0,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
  };
}

/**
 * Tool arguments as an object: Anthropic's `input` is never a JSON string. Arguments that are not a JSON object (a
 * model that wrote broken JSON) are kept under `_raw` rather than lost, so the client can show what came back.
 */
export function parseToolInput(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : { _raw: text };
  } catch {
    return { _raw: text };
  }
}

/** A `toolu_…` id for a call; ids AskSage made (`call_…`) are only labels in the history text, so a new one is fine. */
export function toToolUseId(id: string, ids: IdGenerator): string {
  return id.startsWith('toolu_') ? id : ids.next('toolu_');
}

/** A whole result -> the Anthropic `message` body: text first, then tool_use blocks. */
export function renderAnthropicMessage(result: CompletionResult, meta: DialectResponseMeta, ids: IdGenerator): Message {
  const content: ContentBlock[] = [];
  if (result.text !== '') content.push({ type: 'text', text: result.text });
  for (const call of result.toolCalls) {
    content.push({ type: 'tool_use', id: toToolUseId(call.id, ids), name: call.name, input: parseToolInput(call.arguments) });
  }
  return {
    id: meta.id,
    type: 'message',
    role: 'assistant',
    content,
    model: meta.model,
    stop_reason: toStopReason(result.finishReason, result.stopSequence),
    stop_sequence: result.stopSequence ?? null,
    usage: toAnthropicUsage(result.usage),
  };
}
