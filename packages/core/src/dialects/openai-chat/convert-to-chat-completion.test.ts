import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IdGenerator } from '../../ports/id-generator';
import type { AskSageQueryResponse } from '../../types/asksage';
import { expectOpenAISchema } from '../../../../../test-support/openai-spec-validator';
import { convertToChatCompletion, type ConvertToChatCompletionOptions } from './convert-to-chat-completion';
import { interpretAskSageReply } from '../../asksage/interpret-asksage-reply';
import { stripLeadingBlankLines } from '../../asksage/strip-leading-blank-lines';

function recordedFixture(name: string): { response: { body: unknown } } {
  return JSON.parse(readFileSync(join(__dirname, '../../../../../fixtures/asksage', `${name}.json`), 'utf8')) as { response: { body: unknown } };
}

function sequenceIds(): IdGenerator {
  let counter = 0;
  return { next: (prefix) => `${prefix}generated_${++counter}` };
}

function convert(reply: AskSageQueryResponse, extra: Partial<ConvertToChatCompletionOptions> = {}): ReturnType<typeof convertToChatCompletion> {
  const completion = convertToChatCompletion(reply, { id: 'chatcmpl-1', created: 1_790_000_000, model: 'google-claude-45-haiku', ids: sequenceIds(), ...extra });
  expectOpenAISchema('CreateChatCompletionResponse', completion);
  return completion;
}

// The only recorded tool calls come from AskSage's OpenAI-compatible surface; their shape is what native /query
// is expected to send in `tool_calls` (protocol doc §2.4).
const recordedToolCalls = (recordedFixture('openai-compat-tool-call').response.body as { choices: Array<{ message: { tool_calls: unknown[] } }> })
  .choices[0]!.message.tool_calls;

describe('convertToChatCompletion', () => {
  it('converts the recorded completion: text without leading blank lines, AskSage model tokens as usage', () => {
    const completion = convert(interpretAskSageReply(recordedFixture('query-success-usage').response.body));
    expect(completion).toMatchObject({
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1_790_000_000,
      model: 'google-claude-45-haiku',
      choices: [{ index: 0, message: { role: 'assistant', content: 'OK', refusal: null }, finish_reason: 'stop', logprobs: null }],
      usage: { prompt_tokens: 820, completion_tokens: 4, total_tokens: 824 },
    });
    expect(completion.choices[0]!.message).not.toHaveProperty('tool_calls');
    expect(convert(interpretAskSageReply(recordedFixture('query-success-system-prompt-usage').response.body)).usage).toEqual({ prompt_tokens: 40, completion_tokens: 4, total_tokens: 44 });
  });

  it.each([
    ['\n\n  indented code', '  indented code'],
    [' \t\r\n\r\nText\n\n', 'Text\n\n'],
    ['No blank line', 'No blank line'],
    ['   ', '   '],
  ])('strips only leading blank lines from %j', (message, content) => {
    expect(stripLeadingBlankLines(message)).toBe(content);
    expect(convert({ message, response: 'OK', status: 200 }).choices[0]!.message.content).toBe(content);
  });

  it('falls back to response only when message is absent and response is not the status word', () => {
    expect(convert({ response: 'An answer', status: 200 }).choices[0]!.message.content).toBe('An answer');
    expect(convert({ response: 'OK', status: 200 }).choices[0]!.message.content).toBe('');
    expect(convert({ response: 'Ignored', message: 'Real', status: 200 }).choices[0]!.message.content).toBe('Real');
  });

  it('returns the recorded tool calls with content null and finish_reason tool_calls', () => {
    const completion = convert({ response: 'OK', message: '', tool_calls: recordedToolCalls as never, tool_calls_unified: [], status: 200 });
    expect(completion.choices[0]).toMatchObject({
      finish_reason: 'tool_calls',
      message: { content: null, tool_calls: [{ id: 'call_4bKTyZj9zMfoZm9PBkgM5Caf', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
    });
  });

  it('accepts tool_calls_unified, flat calls, object arguments and missing ids; skips nameless calls', () => {
    const completion = convert({
      message: '\n\nChecking.',
      tool_calls: null,
      tool_calls_unified: [{ name: 'lookup', arguments: { q: 'x' } }, { function: { arguments: '{}' } }, 'junk' as never, { type: 'function', function: { name: 'now' } }],
    });
    expect(completion.choices[0]).toMatchObject({
      finish_reason: 'tool_calls',
      message: {
        content: 'Checking.',
        tool_calls: [
          { id: 'call_generated_1', type: 'function', function: { name: 'lookup', arguments: '{"q":"x"}' } },
          { id: 'call_generated_2', type: 'function', function: { name: 'now', arguments: '{}' } },
        ],
      },
    });
  });

  it('counts usage with the token counter when AskSage sends none, and omits it otherwise', () => {
    const tokenCounter = { count: (text: string) => text.split(/\s+/).filter(Boolean).length };
    const reply = interpretAskSageReply({ message: '\n\nthree little words', response: 'OK', usage: null, status: 200 });
    expect(convert(reply, { tokenCounter, promptText: 'a b' }).usage).toEqual({ prompt_tokens: 2, completion_tokens: 3, total_tokens: 5 });
    expect(convert(reply)).not.toHaveProperty('usage');
    expect(convert({ message: 'x', usage: { model_tokens: { prompt_tokens: 3, completion_tokens: 2 } } }).usage).toEqual({ prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 });
  });

  it('cuts the text at the first stop sequence, as OpenAI does', () => {
    const reply = { message: '\n\nThought: look\nObservation: sunny\nMore', status: 200 };
    expect(convert(reply, { request: { stop: ['Observation:', 'More'] } }).choices[0]!.message.content).toBe('Thought: look\n');
    expect(convert(reply, { request: { stop: 'nowhere' } }).choices[0]!.message.content).toBe('Thought: look\nObservation: sunny\nMore');
  });

  it('unwraps a fenced JSON reply when JSON output was requested', () => {
    const reply = { message: '\n\n```json\n{"a": 1}\n```\n', status: 200 };
    expect(convert(reply, { request: { response_format: { type: 'json_object' } } }).choices[0]!.message.content).toBe('{"a": 1}');
    expect(convert(reply).choices[0]!.message.content).toBe('```json\n{"a": 1}\n```\n');
  });
});

describe('convertToChatCompletion review regressions', () => {
  it('turns empty tool-call arguments into "{}", which clients can JSON.parse', () => {
    let next = 0;
    const ids: IdGenerator = { next: (prefix) => `${prefix}${(next += 1)}` };
    const reply: AskSageQueryResponse = { response: 'OK', message: '', status: 200, tool_calls: [{ id: 'call_a', type: 'function', function: { name: 'now', arguments: '' } }] };
    const completion = convertToChatCompletion(reply, { id: 'chatcmpl-1', created: 1, model: 'gpt-4o', ids });
    const call = completion.choices[0]?.message.tool_calls?.[0];
    expect(call?.function.arguments).toBe('{}');
    expect(JSON.parse(call?.function.arguments ?? '')).toEqual({});
  });
});
