import type { ChatCompletionChunk, ChatCompletionChunkChoice } from '../../types/openai';

/** What every chunk of one stream shares. */
export interface ChunkMeta {
  id: string;
  created: number;
  model: string;
  /**
   * True when the client sent `stream_options.include_usage`: OpenAI then puts `usage: null` on every chunk
   * but the last, and some clients look for the field.
   */
  includeUsage?: boolean;
}

/** A chunk with the stream's shared fields (and `usage: null` when usage was requested). */
export function createChunk(meta: ChunkMeta, choices: ChatCompletionChunkChoice[]): ChatCompletionChunk {
  const chunk: ChatCompletionChunk = { id: meta.id, object: 'chat.completion.chunk', created: meta.created, model: meta.model, choices };
  if (meta.includeUsage) chunk.usage = null;
  return chunk;
}

/** The first chunk of every stream: the assistant role and empty content, as OpenAI sends it. */
export function createRoleChunk(meta: ChunkMeta): ChatCompletionChunk {
  return createChunk(meta, [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null, logprobs: null }]);
}
