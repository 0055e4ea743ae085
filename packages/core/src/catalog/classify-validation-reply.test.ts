import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProxyError } from '../errors/proxy-error';
import { classifyValidationReply } from './classify-validation-reply';
import { readReplyTokens } from './read-reply-tokens';

/** The recorded response body of a fixture copied from shared/asksage-fixtures. */
function recordedBody(name: string): unknown {
  const fixture = JSON.parse(readFileSync(join(__dirname, '../../../../fixtures/asksage', `${name}.json`), 'utf8')) as { response: { body: unknown } };
  return fixture.response.body;
}

describe('classifyValidationReply', () => {
  it.each([
    ['query-success-usage', 'ok'],
    ['query-success-system-prompt-usage', 'ok'],
    // HTTP 200 replies that the reference proxy counted as working models (protocol doc §7.6).
    ['token-invalid-1', 'denied'],
    ['token-invalid-2', 'denied'],
    ['query-retired-model-teach', 'retired'],
  ])('classifies the recorded %s reply as %s', (fixture, status) => {
    expect(classifyValidationReply(recordedBody(fixture))).toBe(status);
  });

  it.each([
    ['upstream_authentication', 'denied'],
    ['model_not_entitled', 'denied'],
    ['model_not_found', 'retired'],
    ['model_overloaded', 'error'],
    ['upstream_unavailable', 'error'],
    ['upstream_rate_limited', 'error'],
  ] as const)('classifies a rejected call with %s as %s', (code, status) => {
    expect(classifyValidationReply(new ProxyError(code, 'x'))).toBe(status);
  });

  it('never calls an unreadable reply or a plain error a success', () => {
    expect(classifyValidationReply('<html>oops</html>')).toBe('error');
    expect(classifyValidationReply(new Error('socket hang up'))).toBe('error');
  });
});

describe('readReplyTokens', () => {
  it('reads model and AskSage tokens from usage, zero for replies without usage', () => {
    expect(readReplyTokens(recordedBody('query-success-system-prompt-usage'))).toEqual({ modelTokens: 44, asksageTokens: 7 });
    expect(readReplyTokens(recordedBody('query-retired-model-teach'))).toEqual({ modelTokens: 0, asksageTokens: 0 });
    expect(readReplyTokens(recordedBody('token-invalid-2'))).toEqual({ modelTokens: 0, asksageTokens: 0 });
  });
});
