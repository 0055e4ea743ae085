import { ProxyError } from '../errors/proxy-error';

function stringifyArguments(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  return JSON.stringify(value);
}

function describeOne(call: unknown, param: string, toolNames: Map<string, string>): string {
  const record = (call && typeof call === 'object' ? call : {}) as Record<string, unknown>;
  // Function tools carry `function: {name, arguments}`; custom tools carry `custom: {name, input}`.
  const body = (record.function ?? record.custom) as Record<string, unknown> | undefined;
  const name = body && typeof body === 'object' ? body.name : undefined;
  if (typeof name !== 'string' || name === '') {
    throw new ProxyError('invalid_request', `${param} must have a function with a name.`, { param });
  }
  const id = typeof record.id === 'string' ? record.id : '';
  if (id !== '') toolNames.set(id, name);
  const header = id === '' ? '[tool call]' : `[tool call ${id}]`;
  return `${header} ${name}(${stringifyArguments(body?.arguments ?? body?.input)})`;
}

/**
 * An assistant message's `tool_calls` as text lines, e.g. `[tool call call_1] get_weather({"city":"Paris"})`.
 * AskSage's history only knows `me`/`gpt` text turns (protocol doc §2.4), so earlier calls must be written out
 * for the model to see what it already asked for; otherwise agent loops never finish. Records id -> name in
 * `toolNames` so the matching tool results can name the tool.
 */
export function describeToolCalls(toolCalls: unknown, messagePath: string, toolNames: Map<string, string>): string[] {
  if (toolCalls === undefined || toolCalls === null) return [];
  const param = `${messagePath}.tool_calls`;
  if (!Array.isArray(toolCalls)) throw new ProxyError('invalid_request', `${param} must be an array.`, { param });
  return toolCalls.map((call, index) => describeOne(call, `${param}[${index}]`, toolNames));
}

/** The legacy assistant `function_call` as one line, `[function call] name(arguments)`; empty when absent. */
export function describeFunctionCall(functionCall: unknown, messagePath: string): string[] {
  if (functionCall === undefined || functionCall === null) return [];
  const param = `${messagePath}.function_call`;
  const { name, arguments: args } = (typeof functionCall === 'object' ? functionCall : {}) as Record<string, unknown>;
  if (typeof name !== 'string' || name === '') throw new ProxyError('invalid_request', `${param}.name must be a string.`, { param: `${param}.name` });
  return [`[function call] ${name}(${stringifyArguments(args)})`];
}
