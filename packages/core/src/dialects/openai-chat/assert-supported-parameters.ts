import { ProxyError } from '../../errors/proxy-error';
import type { ChatCompletionCreateParams } from '../../types/openai';

const isSet = (value: unknown): boolean => value !== undefined && value !== null;

function unsupported(param: string, message: string): ProxyError {
  return new ProxyError('unsupported_parameter', message, { param });
}

/**
 * Rejects the OpenAI parameters the proxy cannot honour where ignoring them would silently give the client a wrong
 * or unusable answer (code reading `logprobs`, `n` choices, legacy function calling, audio). Parameters that only
 * tune sampling or billing are accepted and ignored; docs/openai-parameters.md lists every one and why.
 */
export function assertSupportedParameters(params: ChatCompletionCreateParams): void {
  const { n, logprobs, top_logprobs: topLogprobs, logit_bias: logitBias, modalities, audio } = params;
  if (isSet(n) && (typeof n !== 'number' || !Number.isInteger(n) || n < 1)) {
    throw new ProxyError('invalid_request', 'n must be a positive integer.', { param: 'n' });
  }
  if (typeof n === 'number' && n > 1) {
    throw unsupported('n', 'n > 1 is not supported: AskSage returns one answer per request. Send n: 1 and repeat the request for more choices.');
  }
  if (logprobs === true) {
    throw unsupported('logprobs', 'logprobs is not supported: AskSage does not return token log probabilities.');
  }
  if (typeof topLogprobs === 'number' && topLogprobs > 0) {
    throw unsupported('top_logprobs', 'top_logprobs is not supported: AskSage does not return token log probabilities.');
  }
  if (logitBias && typeof logitBias === 'object' && Object.keys(logitBias).length > 0) {
    throw unsupported('logit_bias', 'logit_bias is not supported: AskSage cannot bias tokens, so the answer could use tokens you meant to exclude.');
  }
  if (isSet(params.functions) || isSet(params.function_call)) {
    const param = isSet(params.functions) ? 'functions' : 'function_call';
    throw unsupported(param, `${param} (legacy function calling) is not supported; use tools and tool_choice instead.`);
  }
  if (Array.isArray(modalities) && modalities.some((modality) => modality !== 'text')) {
    throw unsupported('modalities', 'Only the text modality is supported; AskSage chat cannot produce audio.');
  }
  if (isSet(audio)) {
    throw unsupported('audio', 'audio output is not supported; AskSage chat answers with text only.');
  }
}
