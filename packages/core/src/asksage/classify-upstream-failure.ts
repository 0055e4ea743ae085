import { ProxyError } from '../errors/proxy-error';

/** What AskSage said when a call failed. */
export interface UpstreamFailure {
  /** The HTTP status, or the envelope's `status` when AskSage answered HTTP 200 with an error body. */
  status: number;
  /** AskSage's own words, already redacted (see `readUpstreamErrorText`); may be empty. */
  text: string;
  /** From a `Retry-After` header, when there was one. */
  retryAfterSeconds?: number;
}

interface Rule {
  matches(failure: UpstreamFailure): boolean;
  create(failure: UpstreamFailure): ProxyError;
}

const quoted = (failure: UpstreamFailure): string => (failure.text === '' ? '' : ` AskSage said: "${failure.text}"`);

// Order matters: AskSage's words are more precise than its status codes (it sends most errors with
// HTTP 200 and a body status of 400, protocol doc §1.4 and §2.6), so text rules come first.
const rules: Rule[] = [
  {
    // "Token is invalid [1|2]" (fixtures token-invalid-1/2.json). HTTP 401 without a model in the text is the
    // `token_required` decorator's "Unauthorized" (protocol doc §1.4). Another key may well work.
    matches: ({ status, text }) => /token is invalid/i.test(text) || (status === 401 && !/model/i.test(text)),
    create: (failure) =>
      new ProxyError('upstream_authentication', `AskSage rejected the API key used for this request; check the keys configured in the proxy.${quoted(failure)}`, { isRetryable: true, keyVerdict: 'invalid' }),
  },
  {
    // The retired-model reply: HTTP 200, status 200, type "teach" (fixture query-retired-model-teach.json).
    matches: ({ text }) => /no longer available/i.test(text),
    create: (failure) =>
      new ProxyError('model_not_found', `This model has been retired by AskSage; choose another model from the proxy's model list.${quoted(failure)}`, { param: 'model' }),
  },
  {
    // "Model gpt-5.1 is not supported", "Invalid model", "Unsupported model: x" (the OpenAI surface's 400): the
    // tenant does not serve the model at all. The client's mistake to fix (a 404), never retried on another key.
    matches: ({ text }) => /\bmodel\b[^\n]{0,80}\bnot supported\b|\bunsupported model\b|\binvalid model\b/i.test(text),
    create: (failure) =>
      new ProxyError('model_not_found', `AskSage does not serve this model on your tenant; choose another model from the proxy's model list, or run asksage-proxy --refresh-available-models so the list holds only models your keys can use.${quoted(failure)}`, { param: 'model' }),
  },
  {
    matches: ({ text }) => /overloaded/i.test(text),
    create: (failure) =>
      new ProxyError('model_overloaded', `The model is overloaded at AskSage; try again in a few seconds.${quoted(failure)}`, { isRetryable: true, retryAfterSeconds: failure.retryAfterSeconds }),
  },
  {
    // Entitlements are per account, so another key may be entitled (protocol doc §2.6, reference proxy models.py).
    matches: ({ text }) => /not authori[sz]ed|unauthori[sz]ed/i.test(text),
    create: (failure) =>
      new ProxyError('model_not_entitled', `The AskSage account behind the key is not entitled to this model.${quoted(failure)}`, { param: 'model', isRetryable: true }),
  },
  {
    // The real quota text is unrecorded (protocol doc §6): match the usual phrasings.
    matches: ({ text }) => /quota|exceeded your|out of tokens|monthly limit/i.test(text),
    create: (failure) =>
      new ProxyError('quota_exceeded', `The AskSage account behind the key has used up its token quota.${quoted(failure)}`, { isRetryable: true, keyVerdict: 'rate_limited', retryAfterSeconds: failure.retryAfterSeconds }),
  },
  {
    matches: ({ status }) => status === 429,
    create: (failure) =>
      new ProxyError('upstream_rate_limited', `AskSage is rate limiting requests; retry later.${quoted(failure)}`, { isRetryable: true, keyVerdict: 'rate_limited', retryAfterSeconds: failure.retryAfterSeconds }),
  },
  {
    matches: ({ status }) => status === 413,
    create: (failure) => new ProxyError('payload_too_large', `AskSage refused the request as too large; send less text.${quoted(failure)}`),
  },
  {
    matches: ({ status }) => status >= 500,
    create: (failure) =>
      new ProxyError('upstream_unavailable', `AskSage is unavailable (status ${failure.status}); retry later.${quoted(failure)}`, { isRetryable: true, keyVerdict: 'failure', retryAfterSeconds: failure.retryAfterSeconds }),
  },
];

/**
 * One AskSage failure -> the `ProxyError` that tells the client what happened and the key pool what it says about
 * the key. Shared by HTTP-200 error envelopes, non-2xx replies and get-models, so all three agree.
 */
export function classifyUpstreamFailure(failure: UpstreamFailure): ProxyError {
  const rule = rules.find((candidate) => candidate.matches(failure));
  if (rule) return rule.create(failure);
  return new ProxyError('upstream_error', `AskSage reported an error (status ${failure.status}).${quoted(failure)}`);
}
