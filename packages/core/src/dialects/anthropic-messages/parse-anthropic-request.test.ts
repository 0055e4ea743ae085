import Ajv from 'ajv';
import { ProxyError } from '../../errors/proxy-error';
import { anthropicMessagesRequestSchema } from './anthropic-messages-request-schema';
import type { MessageCreateParams } from './anthropic-messages-types';
import { parseAnthropicRequest } from './parse-anthropic-request';
import claudeCodeRecording from './__fixtures__/claude-code-request.json';

const validate = new Ajv({ allErrors: false, strict: false }).compile(anthropicMessagesRequestSchema);

function parse(body: Partial<MessageCreateParams>) {
  return parseAnthropicRequest({ model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }], ...body } as MessageCreateParams);
}

function thrown(action: () => unknown): ProxyError {
  try {
    action();
  } catch (error) {
    if (error instanceof ProxyError) return error;
    throw error;
  }
  throw new Error('expected a ProxyError');
}

describe('parseAnthropicRequest', () => {
  it('takes the body Claude Code 2.1.328 really sends: schema-valid, billing header dropped, tools and thinking mapped', () => {
    const body = claudeCodeRecording.body as unknown as MessageCreateParams;
    expect(validate(body)).toBe(true);
    const request = parseAnthropicRequest(body);
    expect(request.model).toBe('claude-sonnet-4-5');
    expect(request.stream).toBe(true);
    expect(request.conversation.system).toHaveLength(2);
    expect(request.conversation.system.some((text) => text.startsWith('x-anthropic-billing-header'))).toBe(false);
    expect(request.conversation.tools?.map((tool) => tool.name)).toContain('Bash');
    // budget_tokens 31999 is a large budget: AskSage's highest effort.
    expect(request.conversation.sampling).toMatchObject({ maxTokens: 32000, reasoningEffort: 'high' });
    const last = request.conversation.turns[request.conversation.turns.length - 1];
    expect(last?.parts[last.parts.length - 1]).toEqual({ type: 'text', text: 'Say hello' });
  });

  it('joins system (string or blocks with cache_control) and role:"system" messages into the system texts, in order', () => {
    const request = parse({
      system: [{ type: 'text', text: 'First.', cache_control: { type: 'ephemeral' } }, { type: 'text', text: 'Second.' }],
      messages: [
        { role: 'system', content: 'Third, from inside messages.' },
        { role: 'user', content: [{ type: 'text', text: 'Hello' }] },
      ],
    });
    expect(request.conversation.system).toEqual(['First.', 'Second.', 'Third, from inside messages.']);
    expect(request.conversation.turns).toEqual([{ role: 'user', parts: [{ type: 'text', text: 'Hello' }] }]);
  });

  it('accepts and ignores fields it has no use for', () => {
    const body = { context_management: { edits: [] }, output_config: { effort: 'low' }, service_tier: 'auto', mcp_servers: [], metadata: { user_id: 'u' } };
    expect(validate({ model: 'm', messages: [{ role: 'user', content: 'x' }], ...body })).toBe(true);
    expect(parse(body).conversation.sampling.reasoningEffort).toBe('low');
  });

  it('maps a tool_use -> tool_result round trip, with string or block results and is_error', () => {
    const request = parse({
      messages: [
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: [{ type: 'thinking', thinking: 'hmm', signature: 's' }, { type: 'text', text: 'Checking.' }, { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } }, { type: 'tool_use', id: 'toolu_2', name: 'get_time', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'sunny' }] }, { type: 'tool_result', tool_use_id: 'toolu_2', content: 'clock broke', is_error: true }] },
      ],
    });
    expect(request.conversation.turns[1]).toEqual({
      role: 'assistant',
      parts: [
        { type: 'text', text: 'Checking.' },
        { type: 'tool-call', id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { type: 'tool-call', id: 'toolu_2', name: 'get_time', arguments: '{}' },
      ],
    });
    expect(request.conversation.turns[2]?.parts).toEqual([
      { type: 'tool-result', callId: 'toolu_1', content: 'sunny' },
      { type: 'tool-result', callId: 'toolu_2', content: 'clock broke', isError: true },
    ]);
  });

  it('reads ToolSearch results (tool_reference blocks) and unfamiliar tool-result blocks as text', () => {
    const request = parse({
      messages: [
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_s', name: 'ToolSearch', input: { query: 'select:Monitor' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_s', content: [{ type: 'tool_reference', tool_name: 'Monitor' }, { type: 'chart', points: [1, 2] }] }] },
      ],
    });
    expect(request.conversation.turns[1]?.parts).toEqual([{ type: 'tool-result', callId: 'toolu_s', content: '[tool loaded: Monitor]\n{"type":"chart","points":[1,2]}' }]);
  });

  it('repairs an orphaned tool_use (a cancelled tool) with a synthetic error result instead of failing', () => {
    const request = parse({
      messages: [
        { role: 'user', content: 'List files' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_9', name: 'Bash', input: { command: 'ls' } }] },
        { role: 'user', content: 'Never mind, say hi' },
      ],
    });
    expect(request.conversation.turns[2]?.parts[0]).toMatchObject({ type: 'tool-result', callId: 'toolu_9', isError: true });
    expect(request.conversation.turns[2]?.parts[1]).toEqual({ type: 'text', text: 'Never mind, say hi' });
  });

  it('maps sampling, stop_sequences, tools, tool_choice and the web search server tool', () => {
    const request = parse({
      temperature: 0.3,
      top_p: 0.9,
      top_k: 40,
      stop_sequences: ['END', ''],
      tools: [
        { name: 'get_weather', description: 'Weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } },
        { type: 'web_search_20250305', name: 'web_search' },
      ],
      tool_choice: { type: 'any' },
    });
    expect(request.conversation.sampling).toEqual({ temperature: 0.3, topP: 0.9, topK: 40, maxTokens: 100, stop: ['END'] });
    expect(request.conversation.tools).toEqual([{ name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } }]);
    expect(request.conversation.toolChoice).toBe('required');
    expect(request.conversation.webSearch).toBe(true);
    expect(parse({ tools: [{ name: 't', input_schema: {} }], tool_choice: { type: 'tool', name: 't' } }).conversation.toolChoice).toEqual({ name: 't' });
    expect(parse({ tools: [{ name: 't', input_schema: {} }], tool_choice: { type: 'none' } }).conversation.toolChoice).toBe('none');
  });

  it.each([
    [{ type: 'enabled', budget_tokens: 1024 }, 'low'],
    [{ type: 'enabled', budget_tokens: 10_000 }, 'medium'],
    [{ type: 'enabled', budget_tokens: 20_000 }, 'high'],
    [{ type: 'disabled' }, undefined],
    [{ type: 'adaptive' }, undefined],
  ])('maps thinking %j to reasoning effort %s', (thinking, effort) => {
    expect(parse({ thinking }).conversation.sampling.reasoningEffort).toBe(effort);
  });

  it('keeps image blocks as image parts naming their place, for the gateway to accept or refuse', () => {
    const request = parse({ messages: [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBOR' } }] }] });
    expect(request.conversation.turns[0]?.parts[1]).toEqual({ type: 'image', mediaType: 'image/png', data: 'iVBOR', source: 'messages[0].content[1]' });
  });

  it('sends text documents as text and PDFs (base64 or url, top level or inside a tool_result) as document parts', () => {
    const request = parse({ messages: [{ role: 'user', content: [{ type: 'document', title: 'notes', source: { type: 'text', media_type: 'text/plain', data: 'abc' } }] }] });
    expect(request.conversation.turns[0]?.parts).toEqual([{ type: 'text', text: '[document: notes]\nabc' }]);
    const pdfs = parse({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Summarise' }, { type: 'document', title: 'Q3 report', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' } }, { type: 'document', source: { type: 'url', url: 'https://docs.example/a.pdf' } }] },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Read', input: { file_path: '/tmp/a.pdf' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'PDF file read' }, { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' } }] }] },
      ],
    });
    expect(pdfs.conversation.turns[0]?.parts).toEqual([
      { type: 'text', text: 'Summarise' },
      { type: 'document', mediaType: 'application/pdf', data: 'JVBERi0=', filename: 'Q3 report', source: 'messages[0].content[1]' },
      { type: 'document', url: 'https://docs.example/a.pdf', source: 'messages[0].content[2]' },
    ]);
    expect(pdfs.conversation.turns[2]?.parts).toEqual([
      { type: 'tool-result', callId: 'toolu_1', content: 'PDF file read' },
      { type: 'document', mediaType: 'application/pdf', data: 'JVBERi0=', source: 'messages[2].content[0].content[1]' },
    ]);
  });

  it('refuses a document by file id (no Files API) and an unknown source type, naming the block', () => {
    const byId = thrown(() => parse({ messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'file', file_id: 'file_1' } }] }] }));
    expect(byId).toMatchObject({ code: 'unsupported_content', param: 'messages[0].content[0].source.type' });
    expect(byId.message).toMatch(/no Files API behind AskSage/);
    const odd = thrown(() => parse({ messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'bytes' } }] }] }));
    expect(odd).toMatchObject({ code: 'unsupported_content', param: 'messages[0].content[0].source.type' });
  });

  it('keeps the history of an Anthropic web search as text instead of failing the request', () => {
    const request = parse({
      messages: [
        { role: 'user', content: 'News?' },
        {
          role: 'assistant',
          content: [
            { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'news' } },
            { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [{ type: 'web_search_result', title: 'Daily', url: 'https://example.org', encrypted_content: 'x' }] },
            { type: 'text', text: 'Here is the news.' },
          ],
        },
        { role: 'user', content: [{ type: 'search_result', source: 'kb://1', title: 'Doc', content: [{ type: 'text', text: 'passage' }] }] },
      ],
    });
    expect(request.conversation.turns[1]?.parts).toEqual([
      { type: 'text', text: '[server tool call web_search] {"query":"news"}' },
      { type: 'text', text: '[web search results]\n- Daily (https://example.org)' },
      { type: 'text', text: 'Here is the news.' },
    ]);
    expect(request.conversation.turns[2]?.parts).toEqual([{ type: 'text', text: '[search result: Doc (kb://1)]\npassage' }]);
  });

  it('names the field at fault for what it cannot take', () => {
    expect(thrown(() => parse({ messages: [{ role: 'robot' as 'user', content: 'x' }] }))).toMatchObject({ code: 'invalid_request', param: 'messages[0].role' });
    expect(thrown(() => parse({ messages: [{ role: 'user', content: [{ type: 'tool_use', id: 'a', name: 'b', input: {} }] }] }))).toMatchObject({ param: 'messages[0].content[0].type' });
    expect(thrown(() => parse({ messages: [{ role: 'user', content: [{ type: 'tool_result', content: 'x' }] }] }))).toMatchObject({ param: 'messages[0].content[0].tool_use_id' });
    expect(thrown(() => parse({ tools: [{ type: 'bash_20250124', name: 'bash' }] }))).toMatchObject({ code: 'unsupported_parameter', param: 'tools[0].type' });
    expect(thrown(() => parse({ tools: [{ name: 't', input_schema: {} }], tool_choice: { type: 'tool' } }))).toMatchObject({ param: 'tool_choice.name' });
    expect(thrown(() => parse({ messages: [{ role: 'user', content: '' }] }))).toMatchObject({ param: 'messages' });
    expect(thrown(() => parse({ messages: [{ role: 'user', content: [{ type: 'container_upload', file_id: 'f' }] }] }))).toMatchObject({ code: 'unsupported_content', param: 'messages[0].content[0].type' });
  });

  it('rejects structurally wrong bodies in the schema with the exact path', () => {
    expect(validate({ model: 'm', messages: [] })).toBe(false);
    expect(validate({ model: 'm', messages: [{ role: 'user', content: [{ text: 'no type' }] }] })).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({ instancePath: '/messages/0/content/0', params: { missingProperty: 'type' } });
    expect(validate({ model: 'm', max_tokens: 0, messages: [{ role: 'user', content: 'x' }] })).toBe(false);
  });

  it('resolves Anthropic model names to the undated name the catalog knows', () => {
    expect(parse({ model: 'claude-sonnet-4-5-20250929' }).model).toBe('claude-sonnet-4-5');
    expect(parse({ model: 'claude-sonnet-4-5-20250929' }).options.requestedModel).toBe('claude-sonnet-4-5-20250929');
  });
});
