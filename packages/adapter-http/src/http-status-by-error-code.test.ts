import { ProxyError, proxyErrorCodes } from '@asksage-proxy/core';
import type { OpenAIErrorEnvelope, OpenAIErrorType, ProxyErrorCode } from '@asksage-proxy/core';
import { expectOpenAISchema } from '../../../test-support/openai-spec-validator';
import { createFakeGateway } from './__fixtures__/create-fake-gateway';
import { startTestApp } from './__fixtures__/start-test-app';
import type { TestApp } from './__fixtures__/start-test-app';
import { httpStatusByErrorCode, httpStatusOf } from './http-status-by-error-code';
import { HttpRequestError, httpRequestErrorCodes } from './http-request-error';
import type { HttpRequestErrorCode } from './http-request-error';

type AnyCode = ProxyErrorCode | HttpRequestErrorCode;
const allCodes: AnyCode[] = [...proxyErrorCodes, ...httpRequestErrorCodes];
const isHttpCode = (code: AnyCode): code is HttpRequestErrorCode => (httpRequestErrorCodes as readonly string[]).includes(code);

const expectedStatus: Record<AnyCode, number> = {
  invalid_request: 400,
  unsupported_content: 400,
  unsupported_parameter: 400,
  invalid_api_key: 401,
  upstream_authentication: 401,
  model_not_entitled: 403,
  model_not_found: 404,
  response_not_found: 404,
  not_found: 404,
  method_not_allowed: 405,
  payload_too_large: 413,
  unsupported_media_type: 415,
  origin_not_allowed: 403,
  proxy_overloaded: 503,
  upstream_rate_limited: 429,
  quota_exceeded: 429,
  model_overloaded: 503,
  no_healthy_key: 503,
  upstream_unavailable: 502,
  upstream_timeout: 504,
  upstream_bad_response: 502,
  upstream_error: 502,
  request_aborted: 499,
  internal_error: 500,
};

// The OpenAI `type` is no longer in the table: core's renderOpenAIError derives it from the status (and the code, for
// quota_exceeded). These are the types the old table held, so clients see the same envelopes as before.
const expectedOpenAIType: Record<AnyCode, OpenAIErrorType> = {
  invalid_request: 'invalid_request_error',
  unsupported_content: 'invalid_request_error',
  unsupported_parameter: 'invalid_request_error',
  invalid_api_key: 'authentication_error',
  upstream_authentication: 'authentication_error',
  model_not_entitled: 'permission_error',
  model_not_found: 'not_found_error',
  response_not_found: 'not_found_error',
  not_found: 'not_found_error',
  method_not_allowed: 'invalid_request_error',
  payload_too_large: 'invalid_request_error',
  unsupported_media_type: 'invalid_request_error',
  origin_not_allowed: 'permission_error',
  proxy_overloaded: 'server_error',
  upstream_rate_limited: 'rate_limit_error',
  // OpenAI answers a spent quota with 429 and this type; SDKs then stop retrying.
  quota_exceeded: 'insufficient_quota',
  model_overloaded: 'server_error',
  no_healthy_key: 'server_error',
  upstream_unavailable: 'server_error',
  upstream_timeout: 'server_error',
  upstream_bad_response: 'server_error',
  upstream_error: 'server_error',
  request_aborted: 'invalid_request_error',
  internal_error: 'server_error',
};

describe('httpStatusByErrorCode', () => {
  it('has exactly one row per code, core\'s and the HTTP layer\'s, and the two sets do not overlap', () => {
    expect(Object.keys(httpStatusByErrorCode).sort()).toEqual([...allCodes].sort());
    expect(new Set(allCodes).size).toBe(allCodes.length);
  });

  it('overrides a status only for the dialect that documents another one', () => {
    expect(httpStatusOf('model_overloaded', 'anthropic-messages')).toBe(529);
    expect(httpStatusOf('model_overloaded', 'openai-chat')).toBe(503);
    expect(httpStatusOf('upstream_unavailable', 'anthropic-messages')).toBe(502);
  });

  describe('over HTTP', () => {
    let thrown: ProxyError | HttpRequestError = new ProxyError('internal_error', 'unset');
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp({ gateway: createFakeGateway({ listModels: () => { throw thrown; } }) });
    });
    afterAll(() => app.close());

    it.each(allCodes)('renders %s with its status and a valid OpenAI envelope of the right type', async (code) => {
      thrown = isHttpCode(code) ? new HttpRequestError(code, `failure ${code}`) : new ProxyError(code, `failure ${code}`, { param: code === 'invalid_request' ? 'messages[0].role' : null });
      const response = await fetch(`${app.url}/v1/models`);
      expect(response.status).toBe(expectedStatus[code]);
      const body = (await response.json()) as OpenAIErrorEnvelope;
      expectOpenAISchema('ErrorResponse', body);
      expect(body.error.code).toBe(code);
      expect(body.error.type).toBe(expectedOpenAIType[code]);
      if (code === 'internal_error') {
        expect(body.error.message).toMatch(/^internal error; see the proxy log for request req_\d+$/);
      } else {
        expect(body.error.message).toBe(`failure ${code}`);
      }
      if (code === 'invalid_request') expect(body.error.param).toBe('messages[0].role');
      expect(response.headers.get('retry-after')).toBeNull();
    });

    it('sends Retry-After rounded up when the error carries one', async () => {
      thrown = new ProxyError('no_healthy_key', 'every key is cooling down', { retryAfterSeconds: 0.4 });
      const response = await fetch(`${app.url}/v1/models`);
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('1');
    });
  });
});
