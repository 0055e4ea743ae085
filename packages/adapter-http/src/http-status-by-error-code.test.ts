import { ProxyError, proxyErrorCodes } from '@asksage-proxy/core';
import type { ProxyErrorCode } from '@asksage-proxy/core';
import { expectOpenAISchema } from '../../../test-support/openai-spec-validator';
import { createFakeProxyService } from './__fixtures__/create-fake-proxy-service';
import { startTestApp } from './__fixtures__/start-test-app';
import type { OpenAIErrorEnvelope } from './render-openai-error';
import type { TestApp } from './__fixtures__/start-test-app';
import { httpStatusByErrorCode } from './http-status-by-error-code';

const expectedStatus: Record<ProxyErrorCode, number> = {
  invalid_request: 400,
  unsupported_content: 400,
  unsupported_parameter: 400,
  invalid_api_key: 401,
  upstream_authentication: 401,
  model_not_entitled: 403,
  model_not_found: 404,
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

describe('httpStatusByErrorCode', () => {
  it('has exactly one row per ProxyErrorCode', () => {
    expect(Object.keys(httpStatusByErrorCode).sort()).toEqual([...proxyErrorCodes].sort());
  });

  describe('over HTTP', () => {
    let thrown: ProxyError = new ProxyError('internal_error', 'unset');
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp({ service: createFakeProxyService({ listModels: () => { throw thrown; } }) });
    });
    afterAll(() => app.close());

    it.each([...proxyErrorCodes])('renders %s with its status and a valid OpenAI envelope', async (code) => {
      thrown = new ProxyError(code, `failure ${code}`, { param: code === 'invalid_request' ? 'messages[0].role' : null });
      const response = await fetch(`${app.url}/v1/models`);
      expect(response.status).toBe(expectedStatus[code]);
      const body = (await response.json()) as OpenAIErrorEnvelope;
      expectOpenAISchema('ErrorResponse', body);
      expect(body.error.code).toBe(code);
      expect(body.error.type).toBe(httpStatusByErrorCode[code].type);
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
