import { classifyUpstreamFailure } from './classify-upstream-failure';

describe('classifyUpstreamFailure', () => {
  it.each([
    [{ status: 400, text: 'Model gpt-5.1 is not supported' }, 'model_not_found', false],
    [{ status: 400, text: 'Invalid model' }, 'model_not_found', false],
    [{ status: 400, text: 'Unsupported model: probe-no-such-model' }, 'model_not_found', false],
    [{ status: 200, text: 'Token is invalid [2]' }, 'upstream_authentication', true],
    [{ status: 200, text: 'Sorry, this model is no longer available. Please use a more recent version' }, 'model_not_found', false],
    [{ status: 200, text: 'You are not authorized to use this model' }, 'model_not_entitled', true],
    [{ status: 429, text: '' }, 'upstream_rate_limited', true],
    [{ status: 503, text: '' }, 'upstream_unavailable', true],
    [{ status: 404, text: 'Not found' }, 'upstream_error', false],
  ] as const)('%j -> %s (retryable: %s)', (failure, code, isRetryable) => {
    const error = classifyUpstreamFailure(failure);
    expect(error.code).toBe(code);
    expect(error.isRetryable).toBe(isRetryable);
  });

  it('tells the user how to get a model list their tenant serves', () => {
    expect(classifyUpstreamFailure({ status: 400, text: 'Model gpt-5.1 is not supported' }).message).toContain('--refresh-available-models');
  });
});
