import { renderSurfaceResponse, renderSurfaceResponsesEvents } from './render-surface-responses';
import type { SurfaceName } from './surface-paths';

/** The last user turn's text of a chat, Responses or Anthropic body (string content or text parts). */
export function readSurfaceUserText(surface: SurfaceName, body: Record<string, unknown>): string {
  const turns = surface === 'openai-responses' ? body.input : body.messages;
  if (typeof turns === 'string') return turns;
  if (!Array.isArray(turns)) return '';
  for (let index = turns.length - 1; index >= 0; index -= 1) {
    const turn = turns[index] as { role?: unknown; content?: unknown } | null;
    if (turn === null || typeof turn !== 'object' || turn.role !== 'user') continue;
    if (typeof turn.content === 'string') return turn.content;
    if (Array.isArray(turn.content)) return turn.content.map((part: { text?: unknown }) => (typeof part?.text === 'string' ? part.text : '')).join('');
  }
  return '';
}

/** Identity and counts of one simulated reply. */
export interface SurfaceReplyMeta {
  id: string;
  model: string;
  created: number;
  inputTokens: number;
  outputTokens: number;
}

/** A whole reply, shaped like the recorded chat completion (fixture openai-compat-tool-call.json) and its siblings (Responses: the full `Response` object). */
export function renderSurfaceReply(surface: SurfaceName, meta: SurfaceReplyMeta, text: string): Record<string, unknown> {
  const { id, model, created, inputTokens, outputTokens } = meta;
  if (surface === 'openai-chat') {
    return {
      id: `chatcmpl-${id}`, object: 'chat.completion', created, model,
      choices: [{ index: 0, finish_reason: 'stop', logprobs: null, message: { role: 'assistant', content: text, refusal: null, annotations: [] } }],
      usage: { prompt_tokens: inputTokens, completion_tokens: outputTokens, total_tokens: inputTokens + outputTokens },
    };
  }
  if (surface === 'openai-responses') return renderSurfaceResponse(meta, text);
  return {
    id: `msg_${id}`, type: 'message', role: 'assistant', model, content: [{ type: 'text', text }],
    stop_reason: 'end_turn', stop_sequence: null, usage: { input_tokens: inputTokens, output_tokens: outputTokens },
  };
}

const data = (value: unknown): string => `data: ${JSON.stringify(value)}\n\n`;
const named = (event: string, value: unknown): string => `event: ${event}\n${data(value)}`;

/**
 * A streamed reply as the SSE events the surface sends, one string per event: chat completion chunks ending with
 * `data: [DONE]`, Responses' named `response.*` events, Anthropic's named `message_start` … `message_stop`.
 */
export function renderSurfaceStream(surface: SurfaceName, meta: SurfaceReplyMeta, pieces: readonly string[]): string[] {
  if (surface === 'openai-chat') {
    const chunk = (delta: object, finish: string | null, usage?: object): string =>
      data({ id: `chatcmpl-${meta.id}`, object: 'chat.completion.chunk', created: meta.created, model: meta.model, choices: [{ index: 0, delta, finish_reason: finish }], ...(usage ? { usage } : {}) });
    return [
      chunk({ role: 'assistant', content: '' }, null),
      ...pieces.map((piece) => chunk({ content: piece }, null)),
      chunk({}, 'stop'),
      'data: [DONE]\n\n',
    ];
  }
  if (surface === 'openai-responses') return renderSurfaceResponsesEvents(meta, pieces).map((event) => named(String(event.type), event));
  return [
    named('message_start', { type: 'message_start', message: { id: `msg_${meta.id}`, type: 'message', role: 'assistant', model: meta.model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: meta.inputTokens, output_tokens: 1 } } }),
    named('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
    ...pieces.map((piece) => named('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: piece } })),
    named('content_block_stop', { type: 'content_block_stop', index: 0 }),
    named('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: meta.outputTokens } }),
    named('message_stop', { type: 'message_stop' }),
  ];
}

/** The surface's own error body: OpenAI's (with AskSage's `error_code`/`ref`, fixture openai-compat-unknown-model-400.json) or Anthropic's. */
export function renderSurfaceError(surface: SurfaceName, type: string, message: string): Record<string, unknown> {
  if (surface === 'anthropic-messages') return { type: 'error', error: { type, message } };
  return { error: { message, type, code: type, error_code: 'ERR-OPENAI-400-INVALID_REQUEST', ref: 'ERR-SIM00000' } };
}
