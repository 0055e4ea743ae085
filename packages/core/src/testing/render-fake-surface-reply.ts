import type { PassthroughSurface } from '../ports/passthrough-client';

/** The text of the last user turn of an OpenAI chat, Responses or Anthropic body (string or text parts). */
export function readLastUserText(surface: PassthroughSurface, body: Record<string, unknown>): string {
  const turns = surface === 'openai-responses' ? body.input : body.messages;
  if (typeof turns === 'string') return turns;
  if (!Array.isArray(turns)) return '';
  for (let index = turns.length - 1; index >= 0; index -= 1) {
    const turn = turns[index] as { role?: unknown; content?: unknown } | null;
    if (turn === null || typeof turn !== 'object' || turn.role !== 'user') continue;
    if (typeof turn.content === 'string') return turn.content;
    if (Array.isArray(turn.content)) {
      return turn.content.map((part: { text?: unknown }) => (typeof part?.text === 'string' ? part.text : '')).join('');
    }
  }
  return '';
}

/** A whole successful reply of `surface` carrying `text`, shaped like the surface's (fixture openai-compat-tool-call.json). */
export function renderFakeSurfaceReply(surface: PassthroughSurface, model: string, text: string): Record<string, unknown> {
  const usage = { input: 10, output: Math.max(1, Math.ceil(text.length / 4)) };
  if (surface === 'openai-chat') {
    return {
      id: 'chatcmpl-fake', object: 'chat.completion', created: 1_790_000_000, model,
      choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: text } }],
      usage: { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output },
    };
  }
  if (surface === 'openai-responses') {
    return {
      id: 'resp_fake', object: 'response', created_at: 1_790_000_000, status: 'completed', model,
      output: [{ type: 'message', id: 'msg_fake', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text, annotations: [] }] }],
      usage: { input_tokens: usage.input, output_tokens: usage.output, total_tokens: usage.input + usage.output },
    };
  }
  return {
    id: 'msg_fake', type: 'message', role: 'assistant', model, content: [{ type: 'text', text }],
    stop_reason: 'end_turn', stop_sequence: null, usage: { input_tokens: usage.input, output_tokens: usage.output },
  };
}

/** The SSE text of a streamed reply of `surface`, one string per event, deltas split as given. */
export function renderFakeSurfaceStream(surface: PassthroughSurface, model: string, pieces: readonly string[]): string[] {
  const data = (value: unknown): string => `data: ${JSON.stringify(value)}\n\n`;
  const named = (event: string, value: unknown): string => `event: ${event}\n${data(value)}`;
  if (surface === 'openai-chat') {
    const chunk = (delta: object, finish: string | null): string =>
      data({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 1_790_000_000, model, choices: [{ index: 0, delta, finish_reason: finish }] });
    return [chunk({ role: 'assistant', content: '' }, null), ...pieces.map((piece) => chunk({ content: piece }, null)), chunk({}, 'stop'), 'data: [DONE]\n\n'];
  }
  const text = pieces.join('');
  if (surface === 'openai-responses') {
    const response = renderFakeSurfaceReply(surface, model, text);
    return [
      named('response.created', { type: 'response.created', response: { ...response, status: 'in_progress', output: [] } }),
      ...pieces.map((delta) => named('response.output_text.delta', { type: 'response.output_text.delta', item_id: 'msg_fake', output_index: 0, content_index: 0, delta })),
      named('response.completed', { type: 'response.completed', response }),
    ];
  }
  return [
    named('message_start', { type: 'message_start', message: { id: 'msg_fake', type: 'message', role: 'assistant', model, content: [], stop_reason: null, usage: { input_tokens: 10, output_tokens: 1 } } }),
    named('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
    ...pieces.map((piece) => named('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: piece } })),
    named('content_block_stop', { type: 'content_block_stop', index: 0 }),
    named('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: Math.max(1, Math.ceil(text.length / 4)) } }),
    named('message_stop', { type: 'message_stop' }),
  ];
}

/** The surface's own HTTP 400 body for an unknown model (fixture openai-compat-unknown-model-400.json; FINDINGS T10). */
export function renderFakeUnknownModel(surface: PassthroughSurface, model: string): Record<string, unknown> {
  const message = `Unsupported model: ${model}`;
  if (surface === 'anthropic-messages') return { type: 'error', error: { type: 'invalid_request_error', message } };
  return { error: { message, type: 'invalid_request_error', code: 'invalid_request_error', error_code: 'ERR-OPENAI-400-INVALID_REQUEST', ref: 'ERR-FAKE' } };
}
