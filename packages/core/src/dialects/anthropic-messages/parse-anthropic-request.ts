import type { Conversation, OutputFormat, SamplingOptions, Turn } from '../../conversation/conversation';
import { repairOrphanedToolCalls } from '../../conversation/repair-orphaned-tool-calls';
import { ProxyError } from '../../errors/proxy-error';
import type { DialectRequest } from '../dialect';
import type { MessageCreateParams } from './anthropic-messages-types';
import { normalizeAnthropicModelName } from './normalize-anthropic-model-name';
import { mapThinkingToReasoningEffort } from './map-thinking-to-reasoning-effort';
import { readAnthropicToolChoice, readAnthropicTools } from './read-anthropic-tools';
import { readContentBlocks, readSystemTexts } from './read-content-blocks';

/** What the Anthropic renderers need back from the request. */
export interface AnthropicRequestOptions {
  /** The model exactly as the client named it. */
  requestedModel: string;
}

function readTurns(messages: unknown, system: string[]): Turn[] {
  if (!Array.isArray(messages) || messages.length === 0) {
    throw new ProxyError('invalid_request', 'messages must be a non-empty array.', { param: 'messages' });
  }
  const turns: Turn[] = [];
  messages.forEach((entry: unknown, index) => {
    const path = `messages[${index}]`;
    const { role, content } = (entry ?? {}) as { role?: unknown; content?: unknown };
    if (role === 'system') {
      // Not in the public API, but Claude Code sends it; a 400 here makes it retry six times and give up.
      system.push(...readSystemTexts(content, `${path}.content`));
      return;
    }
    if (role !== 'user' && role !== 'assistant') {
      throw new ProxyError('invalid_request', `${path}.role must be "user" or "assistant"; got ${JSON.stringify(role)}.`, { param: `${path}.role` });
    }
    const parts = readContentBlocks(content, `${path}.content`, role);
    // Empty turns say nothing, and some providers behind AskSage reject them (the chat path drops them too).
    if (parts.length > 0) turns.push({ role, parts });
  });
  return turns;
}

function readSampling(params: MessageCreateParams): SamplingOptions {
  const sampling: SamplingOptions = {};
  if (typeof params.temperature === 'number') sampling.temperature = params.temperature;
  if (typeof params.top_p === 'number') sampling.topP = params.top_p;
  if (typeof params.top_k === 'number') sampling.topK = params.top_k;
  if (typeof params.max_tokens === 'number') sampling.maxTokens = params.max_tokens;
  const stop = (params.stop_sequences ?? []).filter((sequence) => sequence !== '');
  if (stop.length > 0) sampling.stop = stop;
  const effort = mapThinkingToReasoningEffort(params.thinking, params.output_config);
  if (effort !== undefined) sampling.reasoningEffort = effort;
  return sampling;
}

/** Structured output: `output_config.format` (current) or `output_format` (the earlier beta), JSON schema only. */
function readOutputFormat(params: MessageCreateParams): OutputFormat | undefined {
  const config = (params.output_config ?? {}) as { format?: unknown };
  const format = (config.format ?? params.output_format) as { type?: unknown; schema?: unknown } | undefined;
  if (!format || format.type !== 'json_schema') return undefined;
  return { type: 'json_schema', schema: format.schema };
}

/**
 * Claude Code's first system block is `x-anthropic-billing-header: cc_version=…; cc_entrypoint=…;` (recorded in
 * __fixtures__/claude-code-request.json): accounting for Anthropic's servers, not an instruction, and different in
 * every version. Sending it would only cost tokens.
 */
function isBillingHeader(text: string): boolean {
  return text.startsWith('x-anthropic-billing-header:');
}

/**
 * Anthropic Messages body (already checked against the schema) -> the neutral request. `system` and any
 * `role:"system"` messages become the system texts, in order; thinking blocks are dropped; orphaned tool calls get
 * a synthetic result. Fields this proxy has no use for (`metadata`, `context_management`, `cache_control`,
 * `service_tier`, `container`, `mcp_servers`, …) are ignored, never rejected.
 */
export function parseAnthropicRequest(params: MessageCreateParams): DialectRequest<AnthropicRequestOptions> {
  const texts = readSystemTexts(params.system, 'system');
  const turns = repairOrphanedToolCalls(readTurns(params.messages, texts));
  const system = texts.filter((text) => !isBillingHeader(text));
  if (turns.length === 0) {
    throw new ProxyError('invalid_request', 'messages must contain at least one user or assistant message with content.', { param: 'messages' });
  }
  const { tools, webSearch } = readAnthropicTools(params.tools);
  const conversation: Conversation = { system, turns, sampling: readSampling(params) };
  if (tools.length > 0) {
    conversation.tools = tools;
    const toolChoice = readAnthropicToolChoice(params.tool_choice);
    if (toolChoice !== undefined) conversation.toolChoice = toolChoice;
  }
  if (webSearch) conversation.webSearch = true;
  const output = readOutputFormat(params);
  if (output !== undefined) conversation.output = output;
  return {
    model: normalizeAnthropicModelName(params.model),
    conversation,
    stream: params.stream === true,
    options: { requestedModel: params.model },
  };
}
