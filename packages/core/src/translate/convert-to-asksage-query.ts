import { ProxyError } from '../errors/proxy-error';
import type { AskSageQuery } from '../types/asksage';
import type { ChatCompletionCreateParams } from '../types/openai';
import { assertSupportedParameters } from './assert-supported-parameters';
import { buildResponseFormatInstruction } from './build-response-format-instruction';
import { clampTemperature } from './clamp-temperature';
import { convertMessageHistory } from './convert-message-history';
import { mapReasoningEffort } from './map-reasoning-effort';

/** Options of convertToAskSageQuery. */
export interface ConvertToAskSageQueryOptions {
  /** The resolved AskSage model id (catalog already applied aliases). */
  model: string;
  /** AskSage dataset(s) to search; default 'none' (a chat proxy must not mix in document retrieval). */
  dataset?: string;
  /** AskSage web search: 0 off (default), 1 search results, 2 also crawl pages. */
  live?: 0 | 1 | 2;
  /** 0 (default) skips AskSage's dataset search entirely. */
  limitReferences?: number;
}

/**
 * Sent when the request has no system or developer message. Without any `system_prompt` AskSage applies its
 * default persona, which adds about 780 prompt tokens to every call (820 vs 40 prompt tokens for the same
 * question: fixtures query-success-usage.json vs query-success-system-prompt-usage.json, protocol doc §2.2)
 * and changes the model's voice. `persona` is never sent for the same reason.
 */
export const defaultSystemPrompt = 'You are a helpful assistant.';

function readTools(tools: unknown): unknown[] | undefined {
  if (tools === undefined || tools === null) return undefined;
  if (!Array.isArray(tools)) throw new ProxyError('invalid_request', 'tools must be an array.', { param: 'tools' });
  // An array, never a JSON string: the reference proxy's string form is the suspected cause of AskSage's
  // "model is overloaded" replies to tool requests (protocol doc §2.4, §7.2).
  return tools.length > 0 ? tools : undefined;
}

/**
 * OpenAI chat request -> AskSage `/query` body. The conversation goes as AskSage's `[{user, message}]` array, all
 * system and developer messages as one `system_prompt` (joined by a blank line), tools as an array.
 * Throws `ProxyError` ('invalid_request' | 'unsupported_content' | 'unsupported_parameter') naming the `param`.
 */
export function convertToAskSageQuery(params: ChatCompletionCreateParams, options: ConvertToAskSageQueryOptions): AskSageQuery {
  if (!params || typeof params !== 'object') throw new ProxyError('invalid_request', 'The request body must be a JSON object.');
  assertSupportedParameters(params);
  const temperature = clampTemperature(params.temperature);
  const history = convertMessageHistory(params.messages);
  if (history.turns.length === 0) {
    throw new ProxyError('invalid_request', 'messages must contain at least one user, assistant or tool message.', { param: 'messages' });
  }
  const systemParts = [...history.systemTexts, buildResponseFormatInstruction(params.response_format)].filter((text) => text.trim() !== '');
  const query: AskSageQuery = {
    message: history.turns,
    model: options.model,
    system_prompt: systemParts.length > 0 ? systemParts.join('\n\n') : defaultSystemPrompt,
    dataset: options.dataset ?? 'none',
    limit_references: options.limitReferences ?? 0,
    // OpenAI's web_search_options asks for a web-grounded answer; AskSage's `live: 1` is exactly that.
    live: params.web_search_options ? Math.max(options.live ?? 0, 1) as 1 | 2 : options.live ?? 0,
    temperature,
    usage: true,
  };
  const tools = readTools(params.tools);
  if (tools) {
    query.tools = tools;
    // AskSage ignores tool_choice without tools (protocol doc §2.2), so it is only sent with them.
    if (params.tool_choice !== undefined && params.tool_choice !== null) query.tool_choice = params.tool_choice;
  }
  const reasoningEffort = mapReasoningEffort(params.reasoning_effort);
  if (reasoningEffort !== undefined) query.reasoning_effort = reasoningEffort;
  return query;
}
