import type { AbortSignalLike } from '../ports/abort-signal-like';
import { createRoleChunk, synthesizeChatCompletionChunks } from '../translate/index';
import type { ChatCompletion, ChatCompletionChunk } from '../types/openai';
import { createAbortLink } from './create-abort-link';

/** Inputs of `createChunkStream`. */
export interface ChunkStreamOptions {
  /** Id, timestamp and model shared by every chunk. */
  meta: { id: string; created: number; model: string };
  /** The request's signal (fires when the client disconnects). */
  signal: AbortSignalLike | undefined;
  /** Whether to end with a usage-only chunk (`stream_options.include_usage`). */
  includeUsage: boolean;
  /** Runs the upstream call; must stop when the given signal fires. */
  complete: (signal: AbortSignalLike) => Promise<ChatCompletion>;
}

/**
 * A streamed completion: the role chunk first, before the upstream call starts (the HTTP layer flushes it at once,
 * so clients see the stream open even while AskSage thinks), then chunks synthesized from the full completion.
 * Failures after the role chunk are thrown from the iterator. Stopping early (`return()`, e.g. `break` in
 * for-await) or the request's signal cancels the upstream call: an async generator alone cannot do that, since
 * its `return()` waits for a pending `next()`, so `return()` fires a linked abort first.
 */
export function createChunkStream(options: ChunkStreamOptions): AsyncIterableIterator<ChatCompletionChunk> {
  const link = createAbortLink(options.signal);

  async function* generate(): AsyncGenerator<ChatCompletionChunk, void, undefined> {
    try {
      yield createRoleChunk({ ...options.meta, includeUsage: options.includeUsage });
      const completion = await options.complete(link.signal);
      yield* synthesizeChatCompletionChunks(completion, { includeUsage: options.includeUsage });
    } finally {
      link.dispose();
    }
  }

  const generator = generate();
  const iterator: AsyncIterableIterator<ChatCompletionChunk> = {
    [Symbol.asyncIterator]: () => iterator,
    next: () => generator.next(),
    return: async () => {
      link.abort();
      await generator.return(undefined);
      return { done: true, value: undefined };
    },
  };
  return iterator;
}
