import { ProxyError } from '../errors/proxy-error';
import { classifyUpstreamFailure } from './classify-upstream-failure';
import { readEnvelopeStatus } from './read-envelope-status';
import { readUpstreamErrorText } from './read-upstream-error-text';

/** What an embeddings reply holds, checked. */
export interface EmbeddingsReply {
  /** One vector per input, in input order. */
  vectors: number[][];
  /** Input tokens, when reported (AskSage bills them to the training-token balance). */
  inputTokens: number | undefined;
}

const bad = (message: string): ProxyError => new ProxyError('upstream_bad_response', message, { isRetryable: true, keyVerdict: 'failure' });

/**
 * A 2xx body of `{server}/openai/v1/embeddings` -> vectors, or the `ProxyError` it stands for: the compatibility
 * surface also answers a bad key with the HTTP-200 `{"response":"Token is invalid [2]","status":400}` envelope
 * (fixture token-invalid-2.json notes), which is an error, never an empty result.
 */
export function interpretEmbeddingsReply(body: unknown, expectedCount: number): EmbeddingsReply {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw bad('AskSage sent an embeddings reply that is not a JSON object.');
  const reply = body as Record<string, unknown>;
  const status = readEnvelopeStatus(reply);
  if (status !== undefined && status >= 400) throw classifyUpstreamFailure({ status, text: readUpstreamErrorText(reply) });
  if (reply.error && typeof reply.error === 'object') {
    throw classifyUpstreamFailure({ status: 400, text: readUpstreamErrorText(JSON.stringify(reply.error)) });
  }
  const data = reply.data;
  if (!Array.isArray(data)) throw bad('AskSage sent an embeddings reply without a data list.');
  const vectors: number[][] = [];
  for (const entry of data) {
    const { index, embedding } = (entry ?? {}) as { index?: unknown; embedding?: unknown };
    if (!Array.isArray(embedding) || !embedding.every((value) => typeof value === 'number')) throw bad('AskSage sent an embedding that is not a list of numbers.');
    vectors[typeof index === 'number' && Number.isInteger(index) && index >= 0 ? index : vectors.length] = embedding as number[];
  }
  if (vectors.length !== expectedCount || vectors.some((vector) => vector === undefined)) {
    throw bad(`AskSage sent ${data.length} embeddings for ${expectedCount} inputs.`);
  }
  const usage = reply.usage as { prompt_tokens?: unknown } | undefined;
  return { vectors, inputTokens: typeof usage?.prompt_tokens === 'number' ? usage.prompt_tokens : undefined };
}
