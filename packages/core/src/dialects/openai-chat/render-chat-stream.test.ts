import fc from 'fast-check';
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionMessageToolCall } from '../../types/openai';
import { expectOpenAISchema } from '../../../../../test-support/openai-spec-validator';
import { splitTextPieces } from '../../asksage/split-text-pieces';
import { synthesizeCompletionEvents } from '../../asksage/synthesize-completion-events';
import type { CompletionResult } from '../../conversation/completion-result';
import { createRoleChunk } from './create-chat-chunk';
import { renderChatEvent } from './render-chat-stream';

/** What the chat dialect streams after its role chunk for a whole completion, as the gateway synthesizes it. */
function synthesizeChatCompletionChunks(completion: ChatCompletion, options: { includeUsage: boolean }): ChatCompletionChunk[] {
  const message = completion.choices[0]!.message;
  const result: CompletionResult = {
    text: message.content ?? '',
    toolCalls: (message.tool_calls ?? []).map((call) => ({ id: call.id, name: call.function.name, arguments: call.function.arguments })),
    finishReason: completion.choices[0]!.finish_reason === 'tool_calls' ? 'tool_calls' : 'stop',
  };
  if (completion.usage) result.usage = { inputTokens: completion.usage.prompt_tokens, outputTokens: completion.usage.completion_tokens, totalTokens: completion.usage.total_tokens, source: 'upstream' };
  const meta = { id: completion.id, created: completion.created, model: completion.model, includeUsage: options.includeUsage };
  return synthesizeCompletionEvents(result).flatMap((event) => renderChatEvent(event, meta));
}

const meta = { id: 'chatcmpl-7', created: 1_790_000_000, model: 'gpt-4.1' };

function completionWith(content: string | null, toolCalls?: ChatCompletionMessageToolCall[]): ChatCompletion {
  return {
    ...meta,
    object: 'chat.completion',
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: null, ...(toolCalls ? { tool_calls: toolCalls } : {}) }, finish_reason: toolCalls ? 'tool_calls' : 'stop', logprobs: null }],
    usage: { prompt_tokens: 40, completion_tokens: 4, total_tokens: 44 },
  };
}

function streamedContent(chunks: ChatCompletionChunk[]): string {
  return chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
}

const trickyTexts = [
  '```ts\nfunction f(): void {\n    return;\n}\n```\n',
  '\n\n  indented first line\n\tand a tab',
  'Windows\r\nline\r\nendings\r\n\r\n',
  'Emoji 👩‍💻🚀 and accents: café, 日本語のテキスト, 𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  `${'🚀'.repeat(100)} https://example.com/${'a'.repeat(200)}`,
  '   ',
  'word '.repeat(50),
];

describe('createRoleChunk', () => {
  it('starts the stream with the assistant role and empty content', () => {
    const chunk = createRoleChunk(meta);
    expect(chunk).toEqual({ ...meta, object: 'chat.completion.chunk', choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null, logprobs: null }] });
    expectOpenAISchema('CreateChatCompletionStreamResponse', chunk);
    expect(createRoleChunk({ ...meta, includeUsage: true }).usage).toBeNull();
  });
});

describe('renderChatEvent over synthesized events', () => {
  it.each(trickyTexts)('streams %j byte for byte, in valid chunks sharing id, created and model', (content) => {
    const chunks = synthesizeChatCompletionChunks(completionWith(content), { includeUsage: false });
    expect(streamedContent(chunks)).toBe(content);
    for (const chunk of chunks) {
      expectOpenAISchema('CreateChatCompletionStreamResponse', chunk);
      expect(chunk).toMatchObject(meta);
      expect(chunk).not.toHaveProperty('usage');
      // No piece may end in a lone high surrogate (a half emoji would become U+FFFD on the wire).
      expect(chunk.choices[0]?.delta.content ?? '').not.toMatch(/[\uD800-\uDBFF]$/);
    }
    const finishing = chunks.filter((chunk) => chunk.choices[0]?.finish_reason);
    expect(finishing).toHaveLength(1);
    expect(chunks.at(-1)?.choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
  });

  it('sends pieces of a few words, not one chunk and not one per character', () => {
    const content = 'The quick brown fox jumps over the lazy dog. '.repeat(10);
    const pieces = synthesizeChatCompletionChunks(completionWith(content), { includeUsage: false }).slice(0, -1);
    expect(pieces.length).toBeGreaterThan(5);
    expect(pieces.length).toBeLessThan(40);
  });

  it('ends with a usage chunk with no choices when usage was requested, and usage null before it', () => {
    const chunks = synthesizeChatCompletionChunks(completionWith('Hello there'), { includeUsage: true });
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage).toEqual({ prompt_tokens: 40, completion_tokens: 4, total_tokens: 44 });
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
    for (const chunk of chunks.slice(0, -1)) expect(chunk.usage).toBeNull();
    // The spec marks this `usage` nullable (`$ref` + `nullable: true`, "a null value except for the last chunk"),
    // but test-support's validator drops `nullable` next to `$ref`; check the rest of each null-usage chunk.
    chunks.forEach(({ usage, ...rest }) => expectOpenAISchema('CreateChatCompletionStreamResponse', usage === null ? rest : { ...rest, usage }));
  });

  it('streams tool calls as OpenAI does: name first, then argument fragments', () => {
    const args = JSON.stringify({ city: 'Paris', note: 'x'.repeat(150) });
    const calls: ChatCompletionMessageToolCall[] = [
      { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: args } },
      { id: 'call_2', type: 'function', function: { name: 'now', arguments: '{}' } },
    ];
    const chunks = synthesizeChatCompletionChunks(completionWith(null, calls), { includeUsage: false });
    chunks.forEach((chunk) => expectOpenAISchema('CreateChatCompletionStreamResponse', chunk));
    const deltas = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(deltas[0]).toEqual({ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '' } });
    const argumentsOf = (index: number): string => deltas.filter((delta) => delta.index === index).map((delta) => delta.function?.arguments ?? '').join('');
    expect(argumentsOf(0)).toBe(args);
    expect(argumentsOf(1)).toBe('{}');
    expect(deltas.filter((delta) => delta.index === 0).length).toBeGreaterThan(2);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('tool_calls');
    expect(streamedContent(chunks)).toBe('');
  });

  it('reproduces any text exactly (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'é', ' ', '  ', '\n', '\r\n', '\t', '👩‍💻', '🚀', '日', '```', 'word ') , maxLength: 300 }), (content) => {
        const pieces = splitTextPieces(content);
        expect(pieces.join('')).toBe(content);
        expect(pieces.every((piece) => piece !== '' && !/[\uD800-\uDBFF]$/.test(piece))).toBe(true);
        expect(streamedContent(synthesizeChatCompletionChunks(completionWith(content), { includeUsage: false }))).toBe(content);
      }),
      { numRuns: 200 },
    );
  });
});
