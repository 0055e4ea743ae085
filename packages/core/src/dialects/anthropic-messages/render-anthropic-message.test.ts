import { createSequenceIds } from '../../testing/sequence-ids';
import { renderAnthropicError, renderAnthropicStreamError } from './render-anthropic-error';
import { renderAnthropicMessage } from './render-anthropic-message';
import { renderAnthropicModelList } from './render-anthropic-models';

const meta = { id: 'msg_7', created: 1_700_000_000, model: 'google-claude-45-sonnet' };

describe('renderAnthropicMessage', () => {
  it('renders text and tool_use blocks, input as an object, toolu_ ids, tool_use stop reason, usage with zero cache fields', () => {
    const message = renderAnthropicMessage(
      {
        text: 'Checking.',
        toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }, { id: 'call_2', name: 'now', arguments: '' }],
        finishReason: 'tool_calls',
        usage: { inputTokens: 10, outputTokens: 3, totalTokens: 13, source: 'upstream' },
      },
      meta,
      createSequenceIds(),
    );
    expect(message).toEqual({
      id: 'msg_7',
      type: 'message',
      role: 'assistant',
      model: 'google-claude-45-sonnet',
      content: [
        { type: 'text', text: 'Checking.' },
        { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
        { type: 'tool_use', id: 'toolu_2', name: 'now', input: {} },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 10, output_tokens: 3, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    });
  });

  it('keeps broken tool arguments under _raw instead of dropping them', () => {
    const message = renderAnthropicMessage({ text: '', toolCalls: [{ id: 'toolu_x', name: 't', arguments: '{"a":' }], finishReason: 'tool_calls' }, meta, createSequenceIds());
    expect(message.content).toEqual([{ type: 'tool_use', id: 'toolu_x', name: 't', input: { _raw: '{"a":' } }]);
  });

  it.each([
    ['stop', undefined, 'end_turn', null],
    ['stop', '###', 'stop_sequence', '###'],
    ['length', undefined, 'max_tokens', null],
    ['content_filter', undefined, 'refusal', null],
  ] as const)('finish %s (stop sequence %s) -> %s', (finishReason, stopSequence, stopReason, sequence) => {
    const message = renderAnthropicMessage({ text: 'x', toolCalls: [], finishReason, stopSequence }, meta, createSequenceIds());
    expect(message.stop_reason).toBe(stopReason);
    expect(message.stop_sequence).toBe(sequence);
  });
});

describe('renderAnthropicError', () => {
  it.each([
    ['invalid_request', 400, 'invalid_request_error'],
    ['invalid_api_key', 401, 'authentication_error'],
    ['model_not_entitled', 403, 'permission_error'],
    ['model_not_found', 404, 'not_found_error'],
    ['payload_too_large', 413, 'request_too_large'],
    ['upstream_rate_limited', 429, 'rate_limit_error'],
    ['internal_error', 500, 'api_error'],
    ['upstream_unavailable', 502, 'api_error'],
    ['model_overloaded', 529, 'overloaded_error'],
  ] as const)('%s (%i) -> %s', (code, status, type) => {
    expect(renderAnthropicError({ code, status, message: 'what to fix', param: null })).toEqual({ type: 'error', error: { type, message: 'what to fix' } });
  });

  it('renders a mid-stream failure as one named error frame', () => {
    const [frame, ...rest] = renderAnthropicStreamError({ code: 'upstream_timeout', status: 504, message: 'AskSage took too long', param: null });
    expect(rest).toEqual([]);
    expect(frame?.event).toBe('error');
    expect(JSON.parse(frame?.data ?? '')).toEqual({ type: 'error', error: { type: 'api_error', message: 'AskSage took too long' } });
  });
});

describe('renderAnthropicModelList', () => {
  it('lists models in Anthropic shape, under their Anthropic-style alias when they have one', () => {
    const list = renderAnthropicModelList([
      { id: 'google-claude-45-sonnet', type: 'chat', created: 1_700_000_000, ownedBy: 'anthropic', aliases: ['claude-sonnet-4.5', 'claude-sonnet-4-5'] },
      { id: 'gpt-4o', type: 'chat', created: 1_700_000_000, ownedBy: 'openai' },
    ]);
    expect(list).toEqual({
      data: [
        { type: 'model', id: 'claude-sonnet-4-5', display_name: 'google-claude-45-sonnet', created_at: '2023-11-14T22:13:20.000Z' },
        { type: 'model', id: 'gpt-4o', display_name: 'gpt-4o', created_at: '2023-11-14T22:13:20.000Z' },
      ],
      has_more: false,
      first_id: 'claude-sonnet-4-5',
      last_id: 'gpt-4o',
    });
    expect(renderAnthropicModelList([])).toEqual({ data: [], has_more: false, first_id: null, last_id: null });
  });
});
