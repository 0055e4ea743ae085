import type { Conversation, ToolChoice, ToolSpec } from '../conversation/conversation';
import type { AskSageQuery } from '../types/asksage';
import { buildResponseFormatInstruction } from './build-response-format-instruction';
import { renderAskSageTurns } from './render-asksage-turns';
import { ProxyError } from '../errors/proxy-error';

/** Options of `buildAskSageQuery`: the tenant-side choices a conversation does not carry. */
export interface BuildAskSageQueryOptions {
  /** The resolved AskSage model id (the catalog already applied aliases). */
  model: string;
  /** AskSage dataset(s) to search; default 'none' (a chat proxy must not mix in document retrieval). */
  dataset?: string;
  /** AskSage web search: 0 off (default), 1 search results, 2 also crawl pages. */
  live?: 0 | 1 | 2;
  /** 0 (default) skips AskSage's dataset search entirely. */
  limitReferences?: number;
}

/**
 * Sent when the conversation has no system text. Without any `system_prompt` AskSage applies its default persona,
 * which adds about 780 prompt tokens to every call (820 vs 40 prompt tokens for the same question: fixtures
 * query-success-usage.json vs query-success-system-prompt-usage.json, protocol doc §2.2) and changes the model's
 * voice. `persona` is never sent for the same reason.
 */
export const defaultSystemPrompt = 'You are a helpful assistant.';

/** OpenAI's default temperature, sent when the request has none (AskSage's own default is 0.0). */
export const defaultTemperature = 1;

// AskSage accepts low, medium and high and ignores them for models without reasoning (protocol doc §2.2).
const askSageEffort = { minimal: 'low', low: 'low', medium: 'medium', high: 'high' } as const;

// AskSage takes OpenAI-shaped tools as an array, never a JSON string: the reference proxy's string form is the
// suspected cause of AskSage's "model is overloaded" replies to tool requests (protocol doc §2.4, §7.2).
function renderTool(tool: ToolSpec): unknown {
  const fn: Record<string, unknown> = { name: tool.name };
  if (tool.description !== undefined) fn.description = tool.description;
  if (tool.parameters !== undefined) fn.parameters = tool.parameters;
  if (tool.strict !== undefined) fn.strict = tool.strict;
  return { type: 'function', function: fn };
}

function renderToolChoice(choice: ToolChoice): unknown {
  return typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } };
}

/**
 * The one builder of AskSage `/query` bodies: the neutral conversation as AskSage's `[{user, message}]` array, every
 * system text (and the reply-format instruction) as one `system_prompt` joined by a blank line, tools as an array.
 * Temperature is clamped to AskSage's 0–1: AskSage silently turns values above 1 into 0.0 (protocol doc §2.2), so a
 * client asking for a creative 1.5 would get the most deterministic output. Throws `invalid_request` when nothing is
 * left to send. Images and documents become `[image N]`/`[document N]` markers; their bytes are attached by the caller
 * (`resolveAttachmentFiles`).
 */
export function buildAskSageQuery(conversation: Conversation, options: BuildAskSageQueryOptions): AskSageQuery {
  const turns = renderAskSageTurns(conversation.turns);
  if (turns.length === 0) {
    throw new ProxyError('invalid_request', 'The conversation must contain at least one user, assistant or tool message with content.', { param: 'messages' });
  }
  const systemParts = [...conversation.system, buildResponseFormatInstruction(conversation.output)].filter((text) => text.trim() !== '');
  const temperature = conversation.sampling.temperature;
  const query: AskSageQuery = {
    message: turns,
    model: options.model,
    system_prompt: systemParts.length > 0 ? systemParts.join('\n\n') : defaultSystemPrompt,
    dataset: options.dataset ?? 'none',
    limit_references: options.limitReferences ?? 0,
    // A web-grounded answer is exactly AskSage's `live: 1`.
    live: conversation.webSearch ? (Math.max(options.live ?? 0, 1) as 1 | 2) : options.live ?? 0,
    temperature: temperature === undefined ? defaultTemperature : Math.min(Math.max(temperature, 0), 1),
    usage: true,
  };
  if (conversation.tools !== undefined && conversation.tools.length > 0) {
    query.tools = conversation.tools.map(renderTool);
    // AskSage ignores tool_choice without tools (protocol doc §2.2), so it is only sent with them.
    if (conversation.toolChoice !== undefined) query.tool_choice = renderToolChoice(conversation.toolChoice);
  }
  const effort = conversation.sampling.reasoningEffort;
  if (effort !== undefined) query.reasoning_effort = askSageEffort[effort];
  return query;
}
