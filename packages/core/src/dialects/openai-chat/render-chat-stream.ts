import type { CompletionEvent } from '../../conversation/completion-event';
import type { ChatCompletionChunk, ChatCompletionChunkDelta } from '../../types/openai';
import type { DialectResponseMeta } from '../dialect';
import { createChunk, createRoleChunk } from './create-chat-chunk';
import type { ChunkMeta } from './create-chat-chunk';
import { renderChatUsage } from './render-chat-usage';

function deltaChunk(meta: ChunkMeta, delta: ChatCompletionChunkDelta): ChatCompletionChunk {
  return createChunk(meta, [{ index: 0, delta, finish_reason: null, logprobs: null }]);
}

/**
 * One neutral event -> the chunks OpenAI would stream for it: a chunk per text delta; a tool call as a naming delta
 * then argument fragments; the finish as exactly one chunk with the finish_reason, then, with `include_usage`
 * (`meta.includeUsage`), a usage chunk with `choices: []` (usage null if unknown).
 */
export function renderChatEvent(event: CompletionEvent, meta: ChunkMeta): ChatCompletionChunk[] {
  switch (event.type) {
    case 'text-delta':
      return [deltaChunk(meta, { content: event.delta })];
    case 'tool-call-start':
      return [deltaChunk(meta, { tool_calls: [{ index: event.index, id: event.id, type: 'function', function: { name: event.name, arguments: '' } }] })];
    case 'tool-call-delta':
      return [deltaChunk(meta, { tool_calls: [{ index: event.index, function: { arguments: event.delta } }] })];
    case 'finish': {
      const chunks = [createChunk(meta, [{ index: 0, delta: {}, finish_reason: event.finishReason, logprobs: null }])];
      if (meta.includeUsage) chunks.push({ ...createChunk(meta, []), usage: event.usage === undefined ? null : renderChatUsage(event.usage) });
      return chunks;
    }
  }
}

/**
 * Neutral events -> `chat.completion.chunk`s: the role chunk at once (before the first event, so clients see the
 * stream open while AskSage thinks), then each event's chunks; nothing after the finish.
 */
export async function* renderChatStream(
  events: AsyncIterable<CompletionEvent>,
  meta: DialectResponseMeta,
  includeUsage: boolean,
): AsyncGenerator<ChatCompletionChunk, void, undefined> {
  const chunkMeta: ChunkMeta = { id: meta.id, created: meta.created, model: meta.model, includeUsage };
  yield createRoleChunk(chunkMeta);
  for await (const event of events) {
    yield* renderChatEvent(event, chunkMeta);
    if (event.type === 'finish') return;
  }
}
