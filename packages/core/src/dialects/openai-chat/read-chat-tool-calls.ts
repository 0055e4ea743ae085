import type { ToolCallPart } from '../../conversation/conversation';
import { ProxyError } from '../../errors/proxy-error';

function stringifyArguments(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  return JSON.stringify(value);
}

function readOne(call: unknown, param: string): ToolCallPart {
  const record = (call && typeof call === 'object' ? call : {}) as Record<string, unknown>;
  // Function tools carry `function: {name, arguments}`; custom tools carry `custom: {name, input}`.
  const body = (record.function ?? record.custom) as Record<string, unknown> | undefined;
  const name = body && typeof body === 'object' ? body.name : undefined;
  if (typeof name !== 'string' || name === '') {
    throw new ProxyError('invalid_request', `${param} must have a function with a name.`, { param });
  }
  return { type: 'tool-call', id: typeof record.id === 'string' ? record.id : '', name, arguments: stringifyArguments(body?.arguments ?? body?.input) };
}

/** An assistant message's `tool_calls` as neutral tool-call parts; throws `invalid_request` naming the faulty call. */
export function readChatToolCalls(toolCalls: unknown, messagePath: string): ToolCallPart[] {
  if (toolCalls === undefined || toolCalls === null) return [];
  const param = `${messagePath}.tool_calls`;
  if (!Array.isArray(toolCalls)) throw new ProxyError('invalid_request', `${param} must be an array.`, { param });
  return toolCalls.map((call, index) => readOne(call, `${param}[${index}]`));
}

/** The legacy assistant `function_call` as a legacy tool-call part; none when absent. */
export function readChatFunctionCall(functionCall: unknown, messagePath: string): ToolCallPart[] {
  if (functionCall === undefined || functionCall === null) return [];
  const param = `${messagePath}.function_call`;
  const { name, arguments: args } = (typeof functionCall === 'object' ? functionCall : {}) as Record<string, unknown>;
  if (typeof name !== 'string' || name === '') throw new ProxyError('invalid_request', `${param}.name must be a string.`, { param: `${param}.name` });
  return [{ type: 'tool-call', id: '', name, arguments: stringifyArguments(args), legacy: true }];
}
