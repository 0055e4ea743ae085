import type { Conversation } from '../../conversation/conversation';
import { ProxyError } from '../../errors/proxy-error';
import type { DialectRequest } from '../dialect';
import { clampTemperature } from '../openai-chat/clamp-temperature';
import type { CompletionCreateParams } from './completion-types';

/** What the completions renderers need besides the conversation. */
export interface CompletionRequestOptions {
  /** `stream_options.include_usage`. */
  includeUsage: boolean;
  /** With `echo`, the prompt is returned before the completion. */
  echo: string | undefined;
  /** The choice index of this prompt (a prompt array fans out into one request per prompt). */
  index: number;
}

/**
 * Legacy completions continue a text; AskSage only has chat models, so the model is asked to continue it. Without
 * this instruction chat models answer the text instead of continuing it.
 */
export const continuationInstruction =
  'Continue the text the user sends, exactly where it stops. Reply with the continuation only: do not repeat the text, do not comment, do not add quotes.';

const unsupported = (param: string, message: string): ProxyError => new ProxyError('unsupported_parameter', message, { param });

/** The prompts of a request as strings; throws for token-array prompts, which AskSage cannot take. */
export function readPrompts(prompt: unknown): string[] {
  if (typeof prompt === 'string') return [prompt];
  if (!Array.isArray(prompt) || prompt.length === 0) {
    throw new ProxyError('invalid_request', 'prompt must be a string or a non-empty array of strings.', { param: 'prompt' });
  }
  if (prompt.every((entry) => typeof entry === 'string')) return prompt as string[];
  throw unsupported('prompt', 'prompt as token ids is not supported: AskSage models take text. Send the prompt as a string (or an array of strings).');
}

function readStop(stop: unknown): string[] | undefined {
  const list = (Array.isArray(stop) ? stop : [stop]).filter((sequence): sequence is string => typeof sequence === 'string' && sequence !== '');
  return list.length > 0 ? list : undefined;
}

/**
 * One prompt of a `POST /v1/completions` body -> the neutral request. Rejects what AskSage cannot honour where
 * ignoring it would give a wrong answer (`n`/`best_of` > 1, `logprobs`), naming the `param`.
 */
export function parseCompletionRequest(params: CompletionCreateParams, prompt: string, index: number): DialectRequest<CompletionRequestOptions> {
  if (typeof params.n === 'number' && params.n > 1) {
    throw unsupported('n', 'n > 1 is not supported: AskSage returns one answer per request. Send n: 1 and repeat the request for more choices.');
  }
  if (typeof params.best_of === 'number' && params.best_of > 1) {
    throw unsupported('best_of', 'best_of > 1 is not supported: AskSage returns one answer per request and cannot rank candidates. Leave best_of out.');
  }
  if (typeof params.logprobs === 'number' && params.logprobs > 0) {
    throw unsupported('logprobs', 'logprobs is not supported: AskSage does not return token log probabilities.');
  }
  const system = [continuationInstruction];
  if (typeof params.suffix === 'string' && params.suffix !== '') {
    // No fill-in-the-middle at AskSage: the model is told what follows, which is the closest it can do.
    system.push(`Your continuation will be followed by this text, so it must lead into it naturally:\n${params.suffix}`);
  }
  const conversation: Conversation = { system, turns: [{ role: 'user', parts: [{ type: 'text', text: prompt }] }], sampling: { temperature: clampTemperature(params.temperature) } };
  const stop = readStop(params.stop);
  if (stop !== undefined) conversation.sampling.stop = stop;
  if (typeof params.max_tokens === 'number') conversation.sampling.maxTokens = params.max_tokens;
  if (typeof params.top_p === 'number') conversation.sampling.topP = params.top_p;
  return {
    model: params.model,
    conversation,
    stream: params.stream === true,
    options: { includeUsage: params.stream_options?.include_usage === true, echo: params.echo === true ? prompt : undefined, index },
  };
}
