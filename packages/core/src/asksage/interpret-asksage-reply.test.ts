import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isProxyError, type ProxyError } from '../errors/proxy-error';
import { createUpstreamHttpError } from './create-upstream-http-error';
import { interpretAskSageReply } from './interpret-asksage-reply';

/** The recorded response body of a fixture copied from shared/asksage-fixtures. */
function recordedBody(name: string): unknown {
  const fixture = JSON.parse(readFileSync(join(__dirname, '../../../../fixtures/asksage', `${name}.json`), 'utf8')) as { response: { body: unknown } };
  return fixture.response.body;
}

function rejectionOf(body: unknown): ProxyError {
  try {
    interpretAskSageReply(body);
  } catch (error) {
    if (isProxyError(error)) return error;
    throw error;
  }
  throw new Error('expected interpretAskSageReply to throw');
}

const fakeKey = 'a'.repeat(20) + 'B'.repeat(24) + '0123456789abcdefghij';

describe('interpretAskSageReply on recorded replies', () => {
  it.each(['query-success-usage', 'query-success-system-prompt-usage'])('accepts the completion %s', (name) => {
    expect(interpretAskSageReply(recordedBody(name))).toMatchObject({ message: '\n\nOK', status: 200 });
  });

  it.each([
    ['token-invalid-1', { code: 'upstream_authentication', keyVerdict: 'invalid', isRetryable: true }],
    ['token-invalid-2', { code: 'upstream_authentication', keyVerdict: 'invalid', isRetryable: true }],
    ['query-retired-model-teach', { code: 'model_not_found', isRetryable: false, keyVerdict: undefined }],
  ])('turns the HTTP-200 envelope %s into an error', (name, expected) => {
    const error = rejectionOf(recordedBody(name));
    expect(error).toMatchObject(expected);
  });

  it('tells the user the key was rejected without naming any key', () => {
    const error = rejectionOf(recordedBody('token-invalid-2'));
    expect(error.message).toMatch(/rejected the API key/);
    expect(error.message).toContain('Token is invalid [2]');
  });
});

describe('interpretAskSageReply on other envelopes', () => {
  it.each([
    [{ response: 'OK', message: 'Sorry, the model is overloaded, please try again in a few seconds.', status: 200 }, 'model_overloaded', true, undefined],
    [{ response: 'Sorry, the model is overloaded', status: '503' }, 'model_overloaded', true, undefined],
    [{ response: 'You are not authorized to use this model', status: 403 }, 'model_not_entitled', true, undefined],
    [{ response: 'Sorry, you are not authorized to use this model.', status: 200 }, 'model_not_entitled', true, undefined],
    [{ response: 'Sorry, you have exceeded your monthly token limit.', status: 402 }, 'quota_exceeded', true, 'rate_limited'],
    [{ response: 'Token is invalid [2]', message: 'Token is invalid [2]', status: 200 }, 'upstream_authentication', true, 'invalid'],
    [{ response: 'You have exceeded your monthly limit', status: 400 }, 'quota_exceeded', true, 'rate_limited'],
    [{ response: 'Too many requests', status: 429 }, 'upstream_rate_limited', true, 'rate_limited'],
    [{ response: 'Internal server error', status: 500, error_ref: 'x' }, 'upstream_unavailable', true, 'failure'],
    [{ response: 'Bad request', status: '400' }, 'upstream_error', false, undefined],
    // The tenant does not serve the model: the client's 404, never retried (issue 17: it was a retried 502).
    [{ response: 'OK', status: 200, error: { message: 'Unsupported model: x' } }, 'model_not_found', false, undefined],
    ['<html>502</html>', 'upstream_bad_response', true, 'failure'],
    [null, 'upstream_bad_response', true, 'failure'],
    [[], 'upstream_bad_response', true, 'failure'],
    [{ status: 200 }, 'upstream_bad_response', true, 'failure'],
  ])('%j -> %s', (body, code, isRetryable, keyVerdict) => {
    expect(rejectionOf(body)).toMatchObject({ code, isRetryable, keyVerdict });
  });

  it('quotes AskSage for other errors, with anything resembling a key redacted', () => {
    const error = rejectionOf({ response: `Bad request for key ${fakeKey}`, status: 400 });
    expect(error.message).toContain('Bad request for key [redacted]');
    expect(error.message).not.toContain(fakeKey);
  });

  it('keeps real answers that merely talk about quotas or overload', () => {
    const answer = 'Your quota resets monthly. If the server is overloaded, retry later.';
    expect(interpretAskSageReply({ response: 'OK', message: answer, status: 200 }).message).toBe(answer);
    const long = `Sorry, ${'the cluster was overloaded yesterday. '.repeat(20)}`;
    expect(interpretAskSageReply({ response: 'OK', message: long, status: 200 }).message).toBe(long);
    const apology = "Sorry, I'm not authorized to give legal advice.";
    expect(interpretAskSageReply({ response: 'OK', message: apology, status: 200 }).message).toBe(apology);
  });

  // A status-200 answer is the model's words: a user asking about these texts must not take keys out of the pool.
  it.each([
    'My Flask app logs "Token is invalid" on every call; the token is invalid because it expired.',
    'Token is invalid [2] is what AskSage answers for a bad key.',
    'Sorry, I cannot help: your question about the quota system is out of scope.',
    'Sorry, you have exceeded your monthly token limit.',
    'Sorry, only admins are not authorized to change the model settings here.',
  ])('keeps a status-200 answer that mentions an error text: %s', (answer) => {
    expect(interpretAskSageReply({ response: 'OK', message: answer, status: 200 }).message).toBe(answer);
  });

  it('accepts a tool-call reply with an empty message', () => {
    const reply = { response: 'OK', message: '', tool_calls: [{ function: { name: 'f', arguments: '{}' } }], status: 200 };
    expect(interpretAskSageReply(reply)).toBe(reply);
  });
});

describe('createUpstreamHttpError', () => {
  it.each([
    [429, { response: 'Too many requests', status: 429 }, '7', { code: 'upstream_rate_limited', retryAfterSeconds: 7, keyVerdict: 'rate_limited', isRetryable: true }],
    [429, '', 'Wed, 21 Oct 2015 07:28:00 GMT', { code: 'upstream_rate_limited', retryAfterSeconds: undefined }],
    [401, { response: 'Token is invalid [2]', status: 401 }, null, { code: 'upstream_authentication', keyVerdict: 'invalid' }],
    [403, '{"response":"Token is invalid [1]","status":400}', null, { code: 'upstream_authentication' }],
    [503, '<html><body><h1>503 Service Unavailable</h1></body></html>', '30', { code: 'upstream_unavailable', retryAfterSeconds: 30, keyVerdict: 'failure', isRetryable: true }],
    [500, undefined, undefined, { code: 'upstream_unavailable', isRetryable: true }],
    [413, { response: 'File too large', status: 413 }, null, { code: 'payload_too_large', isRetryable: false }],
    [404, '{"error": trunc', null, { code: 'upstream_error', isRetryable: false }],
  ])('HTTP %i %j -> %j', (status, body, retryAfter, expected) => {
    expect(createUpstreamHttpError(status, body, retryAfter)).toMatchObject(expected);
  });

  it('shows the words of an HTML error page, not its markup', () => {
    const error = createUpstreamHttpError(502, '<html><head><style>p{}</style></head><body><p>Bad gateway</p></body></html>');
    expect(error.message).toContain('Bad gateway');
    expect(error.message).not.toMatch(/<|p\{\}/);
  });
});
