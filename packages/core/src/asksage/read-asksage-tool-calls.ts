import type { ToolCall } from '../conversation/completion-result';
import type { IdGenerator } from '../ports/id-generator';
import type { AskSageQueryResponse } from '../types/asksage';

function pickCalls(reply: AskSageQueryResponse): unknown[] {
  // `tool_calls` is the OpenAI-shaped list; `tool_calls_unified` a provider-neutral variant whose shape was never
  // recorded (protocol doc §2.4). Either may be null or [] (2026-04 vs 2026-09 envelopes).
  if (Array.isArray(reply.tool_calls) && reply.tool_calls.length > 0) return reply.tool_calls;
  if (Array.isArray(reply.tool_calls_unified) && reply.tool_calls_unified.length > 0) return reply.tool_calls_unified;
  return [];
}

function stringifyArguments(value: unknown): string {
  // An empty string is not JSON: clients parse `arguments`, and a call without arguments means `{}`.
  if (typeof value === 'string') return value.trim() === '' ? '{}' : value;
  if (value === undefined || value === null) return '{}';
  return JSON.stringify(value);
}

function readOne(call: unknown, ids: IdGenerator): ToolCall | undefined {
  if (!call || typeof call !== 'object') return undefined;
  const record = call as Record<string, unknown>;
  // Nested OpenAI form `{id, type, function: {name, arguments}}`, or a flat `{name, arguments}`.
  const nested = record.function && typeof record.function === 'object' ? (record.function as Record<string, unknown>) : undefined;
  const name = nested?.name ?? record.name;
  if (typeof name !== 'string' || name === '') return undefined;
  const id = typeof record.id === 'string' && record.id !== '' ? record.id : ids.next('call_');
  return { id, name, arguments: stringifyArguments(nested ? nested.arguments : record.arguments) };
}

/**
 * AskSage tool calls -> neutral tool calls. Missing ids are generated (the client needs one to send the result
 * back); object arguments are serialized, since arguments are always JSON text. A call without a function name is
 * skipped: no client could execute it, and a crash would lose the rest of the answer.
 */
export function readAskSageToolCalls(reply: AskSageQueryResponse, ids: IdGenerator): ToolCall[] {
  return pickCalls(reply)
    .map((call) => readOne(call, ids))
    .filter((call): call is ToolCall => call !== undefined);
}
