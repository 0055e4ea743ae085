import { ProxyError } from '../errors/proxy-error';
import { checkApiKey } from './check-api-key';

const key = 'check-SECRET-'.padEnd(64, 'k');
const answering = (body: unknown) => ({ countMonthlyTokens: async () => body });
const failing = (error: unknown) => ({ countMonthlyTokens: async () => Promise.reject(error) });

describe('checkApiKey', () => {
  it('calls count-monthly-tokens with the key and reads an accepted key\'s usage', async () => {
    const seen: string[] = [];
    const result = await checkApiKey({ countMonthlyTokens: async (options) => { seen.push(options.apiKey); return { response: 45330, status: 200 }; } }, key);
    expect(result).toEqual({ verdict: 'valid', monthlyTokens: 45330 });
    expect(seen).toEqual([key]);
  });

  it('calls a key AskSage rejects (the HTTP-200 "Token is invalid" envelope) invalid', async () => {
    const result = await checkApiKey(answering({ response: 'Token is invalid [2]', status: 400 }), key);
    expect(result.verdict).toBe('invalid');
    expect(result.verdict === 'invalid' && result.error.code).toBe('upstream_authentication');
  });

  it('says nothing about the key when AskSage is unreachable or answers nonsense, and never throws', async () => {
    const refused = new ProxyError('upstream_unavailable', 'connect ECONNREFUSED 127.0.0.1:9', { isRetryable: true, keyVerdict: 'failure' });
    expect((await checkApiKey(failing(refused), key)).verdict).toBe('unknown');
    expect((await checkApiKey(answering('<html>proxy error</html>'), key)).verdict).toBe('unknown');
    const odd = await checkApiKey(failing(new TypeError('boom')), key);
    expect(odd.verdict === 'unknown' && odd.error.code).toBe('internal_error');
  });
});
