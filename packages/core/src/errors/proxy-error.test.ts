import { ProxyError, isProxyError } from './proxy-error';
import { expectOpenAISchema, openAISchemaErrors } from '../../../../test-support/openai-spec-validator';

describe('ProxyError', () => {
  it('carries code, param and retry hints', () => {
    const error = new ProxyError('upstream_rate_limited', 'slow down', { isRetryable: true, retryAfterSeconds: 3, keyVerdict: 'rate_limited' });
    expect(isProxyError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'upstream_rate_limited', param: null, isRetryable: true, retryAfterSeconds: 3, keyVerdict: 'rate_limited' });
  });

  it('is recognised by shape across package copies', () => {
    expect(isProxyError({ name: 'ProxyError', code: 'internal_error' })).toBe(true);
    expect(isProxyError(new Error('x'))).toBe(false);
  });
});

describe('openai spec validator (test support)', () => {
  it('accepts a valid error envelope and rejects an invalid one', () => {
    expectOpenAISchema('ErrorResponse', { error: { message: 'm', type: 'invalid_request_error', param: null, code: null } });
    expect(openAISchemaErrors('ErrorResponse', { error: { message: 'm' } }).length).toBeGreaterThan(0);
  });

  it('allows usage: null on stream chunks (nullable beside $ref) but not a wrong type', () => {
    const chunk = { id: 'a', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: 'x' }, finish_reason: null, logprobs: null }] };
    expectOpenAISchema('CreateChatCompletionStreamResponse', { ...chunk, usage: null });
    expectOpenAISchema('CreateChatCompletionStreamResponse', { ...chunk, choices: [], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } });
    expect(openAISchemaErrors('CreateChatCompletionStreamResponse', { ...chunk, usage: 'bad' }).length).toBeGreaterThan(0);
  });
});
