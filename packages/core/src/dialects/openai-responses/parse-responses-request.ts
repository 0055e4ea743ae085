import { ProxyError } from '../../errors/proxy-error';
import type { Conversation } from '../../conversation/conversation';
import type { DialectRequest, DialectServices } from '../dialect';
import { convertInputItems } from './convert-input-items';
import { convertResponseToolChoice } from './convert-response-tool-choice';
import { convertResponseTools } from './convert-response-tools';
import { readMetadata, readSampling, readTextFormat } from './read-response-settings';
import { keepNothingStore } from './keep-nothing-store';
import { resolveInputItems } from './resolve-input-items';
import type { ResponsesRequestOptions } from './responses-request-options';

/** A parsed request, plus what was dropped (for one log line). */
export interface ParsedResponsesRequest {
  request: DialectRequest<ResponsesRequestOptions>;
  /** Hosted tool types dropped (they cannot run behind AskSage). */
  droppedTools: string[];
  /** Input item types dropped (`reasoning`, …). */
  droppedItems: string[];
}

function readOptionalString(body: Record<string, unknown>, field: string): string | null {
  const value = body[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new ProxyError('invalid_request', `${field} must be a string.`, { param: field });
  return value;
}

function readBoolean(body: Record<string, unknown>, field: string, fallback: boolean): boolean {
  const value = body[field];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') throw new ProxyError('invalid_request', `${field} must be true or false.`, { param: field });
  return value;
}

/**
 * A Responses API body -> the neutral request. Reads every field the API defines that AskSage can honour, accepts
 * and ignores the rest (`include`, `prompt_cache_key`, `service_tier`, `truncation`, `client_metadata`, …), resolves
 * `previous_response_id` and `item_reference`s from the response store, and throws a `ProxyError` naming the field
 * at fault otherwise.
 */
export async function parseResponsesRequest(body: unknown, services: DialectServices): Promise<ParsedResponsesRequest> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ProxyError('invalid_request', 'The request body must be a JSON object.');
  const fields = body as Record<string, unknown>;
  if (typeof fields.model !== 'string' || fields.model === '') {
    throw new ProxyError('invalid_request', 'model must be the name of a model, e.g. "gpt-4o".', { param: 'model' });
  }
  const instructions = readOptionalString(fields, 'instructions');
  const { located } = await resolveInputItems(fields, services.responseStore ?? keepNothingStore);
  const input = convertInputItems(located);
  const tools = convertResponseTools([{ tools: fields.tools, path: 'tools' }, ...input.additionalTools]);
  const { choice, allowed } = convertResponseToolChoice(fields.tool_choice, tools.declared);
  const specs = allowed === undefined ? tools.specs : tools.specs.filter((spec) => allowed.has(spec.name));
  if (input.turns.length === 0) {
    throw new ProxyError('invalid_request', 'input must contain at least one user message, assistant message or tool output.', { param: 'input' });
  }

  const conversation: Conversation = {
    // `instructions` are this request's own: OpenAI does not carry them over from a previous response.
    system: instructions !== null && instructions !== '' ? [instructions, ...input.system] : input.system,
    turns: input.turns,
    sampling: readSampling(fields),
  };
  if (specs.length > 0) conversation.tools = specs;
  if (choice !== undefined && specs.length > 0) conversation.toolChoice = choice;
  const output = readTextFormat(fields.text);
  if (output !== undefined) conversation.output = output;

  const options: ResponsesRequestOptions = {
    tools: tools.declared,
    instructions,
    echoedTools: tools.echoed,
    toolChoice: fields.tool_choice ?? 'auto',
    text: { format: (fields.text as { format?: unknown } | undefined)?.format ?? { type: 'text' } },
    parallelToolCalls: readBoolean(fields, 'parallel_tool_calls', true),
    previousResponseId: readOptionalString(fields, 'previous_response_id'),
    store: readBoolean(fields, 'store', true),
    temperature: conversation.sampling.temperature ?? null,
    topP: conversation.sampling.topP ?? null,
    maxOutputTokens: conversation.sampling.maxTokens ?? null,
    reasoningEffort: typeof (fields.reasoning as { effort?: unknown } | null | undefined)?.effort === 'string' ? ((fields.reasoning as { effort: string }).effort) : null,
    metadata: readMetadata(fields.metadata),
    user: typeof fields.user === 'string' ? fields.user : null,
    promptCacheKey: typeof fields.prompt_cache_key === 'string' ? fields.prompt_cache_key : null,
    serviceTier: 'default',
    items: located.map(({ item }) => item),
  };
  return {
    request: { model: fields.model, conversation, stream: readBoolean(fields, 'stream', false), options },
    droppedTools: tools.dropped,
    droppedItems: input.dropped,
  };
}
