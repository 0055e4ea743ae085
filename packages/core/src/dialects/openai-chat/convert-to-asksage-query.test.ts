import { isProxyError } from '../../errors/proxy-error';
import type { ChatCompletionCreateParams } from '../../types/openai';
import { defaultSystemPrompt } from '../../asksage/build-asksage-query';
import { convertToAskSageQuery } from './convert-to-asksage-query';
import { renderAskSagePromptText } from '../../asksage/render-asksage-prompt-text';

const model = 'google-claude-45-haiku';

function convert(extra: Partial<ChatCompletionCreateParams>): ReturnType<typeof convertToAskSageQuery> {
  return convertToAskSageQuery({ model: 'alias', messages: [{ role: 'user', content: 'hi' }], ...extra }, { model });
}

function errorOf(action: () => unknown): { code: string; param: string | null; message: string } {
  try {
    action();
  } catch (error) {
    if (isProxyError(error)) return error;
    throw new Error(`expected a ProxyError, got ${String(error)}`);
  }
  throw new Error('expected an error');
}

describe('convertToAskSageQuery: conversation', () => {
  it('keeps the whole history as AskSage turns and every system/developer message as the system prompt', () => {
    const query = convert({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
        { role: 'developer', content: [{ type: 'text', text: 'Answer in French.' }] },
        { role: 'assistant', content: 'Bonjour' },
        { role: 'user', content: [{ type: 'text', text: 'Line one' }, { type: 'text', text: 'line two' }] },
      ],
    });
    expect(query.system_prompt).toBe('Be brief.\n\nAnswer in French.');
    expect(query.message).toEqual([
      { user: 'me', message: 'Hi' },
      { user: 'gpt', message: 'Bonjour' },
      { user: 'me', message: 'Line one\nline two' },
    ]);
    expect(query).toMatchObject({ model, dataset: 'none', live: 0, limit_references: 0, usage: true });
    expect(query).not.toHaveProperty('persona');
  });

  it('sends a short system prompt when the request has none, so AskSage does not add its ~780-token persona', () => {
    expect(convert({}).system_prompt).toBe(defaultSystemPrompt);
    expect(convert({ messages: [{ role: 'system', content: '  ' }, { role: 'user', content: 'x' }] }).system_prompt).toBe(defaultSystemPrompt);
  });

  it('writes out tool calls and tool results so an agent loop can finish', () => {
    const query = convert({
      messages: [
        { role: 'user', content: 'Weather in Paris and Rome?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
            { id: 'call_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '18°C' },
        { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: '25°C' }] },
        { role: 'function', name: 'legacy', content: 'ok' },
      ],
    });
    expect(query.message).toEqual([
      { user: 'me', message: 'Weather in Paris and Rome?' },
      { user: 'gpt', message: '[tool call call_1] get_weather({"city":"Paris"})\n[tool call call_2] get_weather({"city":"Rome"})' },
      { user: 'me', message: '[tool result for call_1 (get_weather)]\n18°C' },
      { user: 'me', message: '[tool result for call_2 (get_weather)]\n25°C' },
      { user: 'me', message: '[function result (legacy)]\nok' },
    ]);
  });

  it('keeps assistant text before its tool calls and leaves out empty assistant turns', () => {
    const query = convert({
      messages: [
        { role: 'user', content: 'a' },
        { role: 'assistant', content: 'Let me check.', tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }] },
        { role: 'assistant', content: '' },
        { role: 'tool', tool_call_id: 'unknown', content: 'r' },
      ],
    });
    expect(query.message).toEqual([
      { user: 'me', message: 'a' },
      { user: 'gpt', message: 'Let me check.\n[tool call c] f({})' },
      { user: 'me', message: '[tool result for unknown]\nr' },
    ]);
  });

  it('renders the prompt text that was sent, for token counting', () => {
    expect(renderAskSagePromptText(convert({}))).toBe(`${defaultSystemPrompt}\n\nhi`);
  });
});

describe('convertToAskSageQuery: parameters', () => {
  it.each([
    [undefined, 1],
    [null, 1],
    [0, 0],
    [0.3, 0.3],
    [1, 1],
    [1.7, 1],
    [2, 1],
  ])('maps temperature %p to %p (AskSage turns values above 1 into 0)', (temperature, expected) => {
    expect(convert({ temperature }).temperature).toBe(expected);
  });

  it('passes tools as an array (not a JSON string), with tool_choice and reasoning effort', () => {
    const tools = [{ type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object' } } }];
    const query = convert({ tools, tool_choice: 'auto', reasoning_effort: 'minimal' });
    expect(Array.isArray(query.tools)).toBe(true);
    expect(query.tools).toEqual(tools);
    expect(query).toMatchObject({ tool_choice: 'auto', reasoning_effort: 'low' });
    expect(convert({ tool_choice: 'auto' })).not.toHaveProperty('tool_choice');
    expect(convert({ reasoning_effort: 'none' } as unknown as Partial<ChatCompletionCreateParams>)).not.toHaveProperty('reasoning_effort');
  });

  it('asks for JSON in the system prompt when response_format requests it', () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' } } };
    const query = convert({
      messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'x' }],
      response_format: { type: 'json_schema', json_schema: { name: 'reply', schema } },
    });
    expect(query.system_prompt).toMatch(/^Be brief\.\n\nReply with a single JSON value/);
    expect(query.system_prompt).toContain(JSON.stringify(schema));
    expect(convert({ response_format: { type: 'json_object' } }).system_prompt).toMatch(/JSON object/);
    expect(convert({ response_format: { type: 'text' } }).system_prompt).toBe(defaultSystemPrompt);
  });

  it('turns web_search_options into AskSage live search and accepts ignorable parameters', () => {
    expect(convert({ web_search_options: {} }).live).toBe(1);
    const query = convert({ max_tokens: 10, top_p: 0.5, seed: 1, user: 'u', n: 1, logprobs: false, stop: ['x'], presence_penalty: 1 });
    expect(query).toMatchObject({ model, usage: true });
  });

  it('honours the AskSage options', () => {
    const query = convertToAskSageQuery({ model: 'm', messages: [{ role: 'user', content: 'x' }] }, { model, dataset: 'all', live: 2, limitReferences: 3 });
    expect(query).toMatchObject({ dataset: 'all', live: 2, limit_references: 3 });
  });
});

describe('convertToAskSageQuery: rejections', () => {
  it.each<[string, Partial<ChatCompletionCreateParams>, string, string]>([
    ['audio input', { messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: {} }] }] }, 'unsupported_content', 'messages[0].content[0]'],
    ['only system messages', { messages: [{ role: 'system', content: 'x' }] }, 'invalid_request', 'messages'],
    ['no messages', { messages: [] }, 'invalid_request', 'messages'],
    ['an unknown role', { messages: [{ role: 'user', content: 'a' }, { role: 'robot', content: 'b' } as never] }, 'invalid_request', 'messages[1].role'],
    ['a message that is not an object', { messages: ['hello' as never] }, 'invalid_request', 'messages[0]'],
    ['numeric content', { messages: [{ role: 'user', content: 5 as never }] }, 'invalid_request', 'messages[0].content'],
    ['a tool message without id', { messages: [{ role: 'tool', content: 'r' } as never] }, 'invalid_request', 'messages[0].tool_call_id'],
    ['a tool call without name', { messages: [{ role: 'user', content: 'a' }, { role: 'assistant', tool_calls: [{ id: 'c' } as never] }] }, 'invalid_request', 'messages[1].tool_calls[0]'],
    ['n = 2', { n: 2 }, 'unsupported_parameter', 'n'],
    ['logprobs', { logprobs: true }, 'unsupported_parameter', 'logprobs'],
    ['logit_bias', { logit_bias: { '50256': -100 } }, 'unsupported_parameter', 'logit_bias'],
    ['legacy functions', { functions: [{ name: 'f' }] }, 'unsupported_parameter', 'functions'],
    ['audio output', { modalities: ['text', 'audio'] }, 'unsupported_parameter', 'modalities'],
    ['temperature above 2', { temperature: 2.5 }, 'invalid_request', 'temperature'],
    ['negative temperature', { temperature: -1 }, 'invalid_request', 'temperature'],
    ['a string temperature', { temperature: 'hot' as never }, 'invalid_request', 'temperature'],
    ['tools that are not an array', { tools: '[]' as never }, 'invalid_request', 'tools'],
    ['an unknown response format', { response_format: { type: 'grammar' } }, 'unsupported_parameter', 'response_format.type'],
    ['an unknown reasoning effort', { reasoning_effort: 'extreme' as never }, 'invalid_request', 'reasoning_effort'],
  ])('rejects %s', (_label, extra, code, param) => {
    expect(errorOf(() => convert(extra))).toMatchObject({ code, param });
  });

  it('marks where each image stood; the bytes travel as files (resolveImageFiles), never silently dropped', () => {
    const query = convert({ messages: [{ role: 'user', content: [{ type: 'text', text: 'see' }, { type: 'image_url', image_url: { url: 'https://img.example/a.png' } }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] }] });
    expect(query.message).toEqual([{ user: 'me', message: 'see\n[image 1: attached as file image-1]\n[image 2: attached as file image-2]' }]);
  });

  it('throws ProxyError, never TypeError, for malformed bodies', () => {
    expect(errorOf(() => convertToAskSageQuery(null as never, { model }))).toMatchObject({ code: 'invalid_request' });
    expect(errorOf(() => convert({ messages: 'hi' as never }))).toMatchObject({ code: 'invalid_request', param: 'messages' });
    expect(errorOf(() => convert({ messages: [{ role: 'user', content: [null] } as never] }))).toMatchObject({ param: 'messages[0].content[0]' });
  });
});

describe('convertToAskSageQuery review regressions', () => {
  it('drops empty user turns, as it drops empty assistant turns', () => {
    const query = convertToAskSageQuery(
      { model: 'gpt-4o', messages: [{ role: 'user', content: '' }, { role: 'user', content: [] }, { role: 'user', content: 'real question' }] },
      { model: 'gpt-4o' },
    );
    expect(query.message).toEqual([{ user: 'me', message: 'real question' }]);
  });

  it('names the exact field of a bad legacy function_call', () => {
    let caught: unknown;
    try {
      convertToAskSageQuery(
        { model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }, { role: 'assistant', content: null, function_call: 'x' } as never] },
        { model: 'gpt-4o' },
      );
    } catch (error) {
      caught = error;
    }
    expect(isProxyError(caught) && caught.param).toBe('messages[1].function_call.name');
  });
});
