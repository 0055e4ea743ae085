import type { ChatCompletion, ChatCompletionChunk, ChatCompletionChunkDelta, ChatCompletionMessageToolCall } from '../types/openai';
import { createChunk, type ChunkMeta } from './create-role-chunk';
import { splitTextPieces } from './split-text-pieces';

function toolCallDeltas(call: ChatCompletionMessageToolCall, index: number): ChatCompletionChunkDelta[] {
  // As OpenAI streams them: the first delta names the call, the following ones carry argument fragments.
  const opening: ChatCompletionChunkDelta = {
    tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }],
  };
  const fragments = splitTextPieces(call.function.arguments).map(
    (fragment): ChatCompletionChunkDelta => ({ tool_calls: [{ index, function: { arguments: fragment } }] }),
  );
  return [opening, ...fragments];
}

/**
 * The rest of a stream, synthesized from a full completion (AskSage answers in one piece): content in pieces
 * whose concatenation is the content byte for byte, or tool-call deltas, then exactly one chunk with the
 * finish_reason, then, when `includeUsage`, a usage chunk with `choices: []` (usage null if unknown).
 * No role chunk (createRoleChunk gives it) and no delays: the caller sends the chunks as fast as it can.
 */
export function synthesizeChatCompletionChunks(completion: ChatCompletion, options: { includeUsage: boolean }): ChatCompletionChunk[] {
  const meta: ChunkMeta = { id: completion.id, created: completion.created, model: completion.model, includeUsage: options.includeUsage };
  const choice = completion.choices[0];
  const content = choice?.message.content ?? '';
  const deltas: ChatCompletionChunkDelta[] = [
    ...splitTextPieces(content).map((piece): ChatCompletionChunkDelta => ({ content: piece })),
    ...(choice?.message.tool_calls ?? []).flatMap(toolCallDeltas),
  ];
  const chunks = deltas.map((delta) => createChunk(meta, [{ index: 0, delta, finish_reason: null, logprobs: null }]));
  chunks.push(createChunk(meta, [{ index: 0, delta: {}, finish_reason: choice?.finish_reason ?? 'stop', logprobs: null }]));
  if (options.includeUsage) {
    chunks.push({ ...createChunk(meta, []), usage: completion.usage ?? null });
  }
  return chunks;
}
