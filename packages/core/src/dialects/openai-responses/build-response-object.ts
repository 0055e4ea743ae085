import type { Usage } from '../../conversation/completion-result';
import type { DialectResponseMeta } from '../dialect';
import type { ResponsesRequestOptions } from './responses-request-options';
import type { Response, ResponseError, ResponseOutputItem, ResponseStatus, ResponseUsage } from './responses-wire-types';

/** What changes between the snapshots of one response (created, completed, failed). */
export interface ResponseState {
  status: ResponseStatus;
  output: ResponseOutputItem[];
  usage?: Usage;
  error?: ResponseError;
  incompleteReason?: 'max_output_tokens' | 'content_filter';
  /** Unix seconds, for a finished response. */
  completedAt?: number;
}

/**
 * Neutral usage -> the Responses shape. Unknown usage is reported as zeros rather than left out: the Vercel AI SDK
 * reports no finish without `usage`, and a client cannot tell "unknown" from a missing field anyway.
 */
export function buildResponseUsage(usage: Usage | undefined): ResponseUsage {
  return {
    input_tokens: usage?.inputTokens ?? 0,
    input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
    output_tokens: usage?.outputTokens ?? 0,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: usage?.totalTokens ?? 0,
  };
}

/** The full Response object (openapi.yaml `Response`): the request's settings echoed, plus the state. */
export function buildResponseObject(meta: DialectResponseMeta, options: ResponsesRequestOptions, state: ResponseState): Response {
  const response: Response = {
    id: meta.id,
    object: 'response',
    created_at: meta.created,
    status: state.status,
    completed_at: state.completedAt ?? null,
    error: state.error ?? null,
    incomplete_details: state.incompleteReason !== undefined ? { reason: state.incompleteReason } : null,
    instructions: options.instructions,
    max_output_tokens: options.maxOutputTokens,
    model: meta.model,
    output: state.output,
    parallel_tool_calls: options.parallelToolCalls,
    previous_response_id: options.previousResponseId,
    reasoning: { effort: options.reasoningEffort, summary: null },
    store: options.store,
    temperature: options.temperature ?? 1,
    text: options.text,
    tool_choice: options.toolChoice,
    tools: options.echoedTools,
    top_p: options.topP ?? 1,
    truncation: 'disabled',
    metadata: options.metadata,
    service_tier: options.serviceTier,
    background: false,
    prompt_cache_key: options.promptCacheKey,
  };
  if (options.user !== null) response.user = options.user;
  if (state.status === 'completed' || state.status === 'incomplete') response.usage = buildResponseUsage(state.usage);
  return response;
}
