import type { SurfaceReplyMeta } from './render-surface-reply';

/** One `output_text` part as the Responses API sends it (openapi.yaml `OutputTextContent`). */
const outputText = (text: string): Record<string, unknown> => ({ type: 'output_text', text, annotations: [], logprobs: [] });

/** The assistant message item of a reply, `in_progress` while streaming and `completed` with its text at the end. */
function messageItem(meta: SurfaceReplyMeta, status: 'in_progress' | 'completed', content: unknown[]): Record<string, unknown> {
  return { type: 'message', id: `msg_${meta.id}`, status, role: 'assistant', content };
}

/**
 * A whole Responses reply, the full openapi.yaml `Response` object (every required field, the defaults the real API
 * echoes when a request sets none), so SDKs and spec validators accept it like OpenAI's own.
 */
export function renderSurfaceResponse(meta: SurfaceReplyMeta, text: string, status: 'in_progress' | 'completed' = 'completed'): Record<string, unknown> {
  const { id, model, created, inputTokens, outputTokens } = meta;
  const done = status === 'completed';
  return {
    id: `resp_${id}`, object: 'response', created_at: created, status, completed_at: done ? created : null, error: null, incomplete_details: null,
    instructions: null, max_output_tokens: null, model,
    output: done ? [messageItem(meta, 'completed', [outputText(text)])] : [],
    parallel_tool_calls: true, previous_response_id: null, reasoning: { effort: null, summary: null }, store: true, temperature: 1,
    text: { format: { type: 'text' } }, tool_choice: 'auto', tools: [], top_p: 1, truncation: 'disabled', metadata: {},
    // The spec types `usage` as an object when present: an unfinished response leaves it out.
    ...(done ? { usage: { input_tokens: inputTokens, input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 }, output_tokens: outputTokens, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: inputTokens + outputTokens } } : {}),
  };
}

/**
 * A streamed Responses reply as OpenAI sends it, each event named and numbered (`sequence_number` from 0):
 * `response.created`, `response.in_progress`, `response.output_item.added`, `response.content_part.added`,
 * `response.output_text.delta`*, `response.output_text.done`, `response.content_part.done`,
 * `response.output_item.done`, `response.completed`. The OpenAI SDK's stream accumulator needs `content_part.added`
 * before the first delta (it fails "missing content at index 0" without it).
 */
export function renderSurfaceResponsesEvents(meta: SurfaceReplyMeta, pieces: readonly string[]): Array<Record<string, unknown>> {
  const text = pieces.join('');
  const itemId = `msg_${meta.id}`;
  const at = { item_id: itemId, output_index: 0, content_index: 0 };
  const events: Array<Record<string, unknown>> = [
    { type: 'response.created', response: renderSurfaceResponse(meta, text, 'in_progress') },
    { type: 'response.in_progress', response: renderSurfaceResponse(meta, text, 'in_progress') },
    { type: 'response.output_item.added', output_index: 0, item: messageItem(meta, 'in_progress', []) },
    { type: 'response.content_part.added', ...at, part: outputText('') },
    ...pieces.map((delta) => ({ type: 'response.output_text.delta', ...at, delta, logprobs: [] })),
    { type: 'response.output_text.done', ...at, text, logprobs: [] },
    { type: 'response.content_part.done', ...at, part: outputText(text) },
    { type: 'response.output_item.done', output_index: 0, item: messageItem(meta, 'completed', [outputText(text)]) },
    { type: 'response.completed', response: renderSurfaceResponse(meta, text) },
  ];
  return events.map((event, index) => ({ ...event, sequence_number: index }));
}
