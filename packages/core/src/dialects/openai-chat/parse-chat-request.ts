import type { Conversation, OutputFormat, ToolChoice, ToolSpec } from '../../conversation/conversation';
import { ProxyError } from '../../errors/proxy-error';
import { quoteClientValue } from '../quote-client-value';
import type { ChatCompletionCreateParams } from '../../types/openai';
import type { DialectRequest } from '../dialect';
import { assertSupportedParameters } from './assert-supported-parameters';
import { clampTemperature } from './clamp-temperature';
import { mapReasoningEffort } from './map-reasoning-effort';
import { parseChatMessages } from './parse-chat-messages';

/** What the chat renderers need from the request besides the conversation. */
export interface ChatRequestOptions {
  /** `stream_options.include_usage`: a usage chunk ends the stream, and every chunk carries `usage: null`. */
  includeUsage: boolean;
}

function readTools(tools: unknown): ToolSpec[] | undefined {
  if (tools === undefined || tools === null) return undefined;
  if (!Array.isArray(tools)) throw new ProxyError('invalid_request', 'tools must be an array.', { param: 'tools' });
  return tools.map((tool: { function?: { name: string; description?: string; parameters?: unknown; strict?: boolean } }) => {
    const fn = tool.function ?? { name: '' };
    const spec: ToolSpec = { name: fn.name };
    if (fn.description !== undefined) spec.description = fn.description;
    if (fn.parameters !== undefined) spec.parameters = fn.parameters;
    if (fn.strict !== undefined && fn.strict !== null) spec.strict = fn.strict;
    return spec;
  });
}

function readToolChoice(choice: unknown): ToolChoice | undefined {
  if (choice === undefined || choice === null) return undefined;
  if (choice === 'auto' || choice === 'none' || choice === 'required') return choice;
  const name = (choice as { function?: { name?: unknown } }).function?.name;
  if (typeof name !== 'string') throw new ProxyError('invalid_request', 'tool_choice must be auto, none, required or {type: "function", function: {name}}.', { param: 'tool_choice' });
  return { name };
}

function readResponseFormat(format: unknown): OutputFormat | undefined {
  if (format === undefined || format === null) return undefined;
  const { type, json_schema: jsonSchema } = format as { type?: unknown; json_schema?: unknown };
  if (type === 'text' || type === 'json_object') return { type };
  if (type !== 'json_schema') {
    throw new ProxyError('unsupported_parameter', `response_format.type ${quoteClientValue(type)} is not supported; use text, json_object or json_schema.`, { param: 'response_format.type' });
  }
  if (!jsonSchema || typeof jsonSchema !== 'object') {
    throw new ProxyError('invalid_request', 'response_format.json_schema must be an object with a name and a schema.', { param: 'response_format.json_schema' });
  }
  const { name, schema, description, strict } = jsonSchema as { name?: unknown; schema?: unknown; description?: unknown; strict?: unknown };
  const output: OutputFormat = { type: 'json_schema', schema };
  if (typeof name === 'string') output.name = name;
  if (typeof description === 'string') output.description = description;
  if (typeof strict === 'boolean') output.strict = strict;
  return output;
}

function readStop(stop: unknown): string[] | undefined {
  const list = Array.isArray(stop) ? stop : [stop];
  const sequences = list.filter((sequence): sequence is string => typeof sequence === 'string' && sequence !== '');
  return sequences.length > 0 ? sequences : undefined;
}

/**
 * A chat completion request -> the neutral request. Rejects what AskSage cannot honour where ignoring it would give a
 * wrong answer (`n > 1`, logprobs, …; docs/openai-parameters.md lists every field), naming the `param`.
 */
export function parseChatRequest(params: ChatCompletionCreateParams): DialectRequest<ChatRequestOptions> {
  if (!params || typeof params !== 'object') throw new ProxyError('invalid_request', 'The request body must be a JSON object.');
  assertSupportedParameters(params);
  const temperature = clampTemperature(params.temperature);
  const { system, turns } = parseChatMessages(params.messages);
  const conversation: Conversation = { system, turns, sampling: { temperature } };
  const tools = readTools(params.tools);
  if (tools !== undefined && tools.length > 0) conversation.tools = tools;
  const toolChoice = readToolChoice(params.tool_choice);
  if (toolChoice !== undefined) conversation.toolChoice = toolChoice;
  const output = readResponseFormat(params.response_format);
  if (output !== undefined) conversation.output = output;
  const effort = mapReasoningEffort(params.reasoning_effort);
  if (effort !== undefined) conversation.sampling.reasoningEffort = effort;
  const stop = readStop(params.stop);
  if (stop !== undefined) conversation.sampling.stop = stop;
  if (typeof params.top_p === 'number') conversation.sampling.topP = params.top_p;
  const maxTokens = params.max_completion_tokens ?? params.max_tokens;
  if (typeof maxTokens === 'number') conversation.sampling.maxTokens = maxTokens;
  if (params.web_search_options) conversation.webSearch = true;
  return {
    model: params.model,
    conversation,
    stream: params.stream === true,
    options: { includeUsage: params.stream_options?.include_usage === true },
  };
}
