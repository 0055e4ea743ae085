import { ProxyError } from '../../errors/proxy-error';
import type { EmbeddingsRequest, Gateway, RequestContext } from '../../gateway/gateway';
import { encodeFloat32Base64 } from './encode-float32-base64';

/** The body of `POST /v1/embeddings` (openai-node's `EmbeddingCreateParams`). */
export interface EmbeddingCreateParams {
  model: string;
  input: string | string[] | number[] | number[][];
  encoding_format?: 'float' | 'base64';
  dimensions?: number;
  user?: string;
  [key: string]: unknown;
}

/** OpenAI's `CreateEmbeddingResponse`. */
export interface CreateEmbeddingResponse {
  object: 'list';
  data: Array<{ object: 'embedding'; index: number; embedding: number[] | string }>;
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
}

function readInput(input: unknown): EmbeddingsRequest['input'] {
  if (typeof input === 'string') return input;
  if (Array.isArray(input) && input.length > 0) {
    if (input.every((entry) => typeof entry === 'string')) return input as string[];
    if (input.every((entry) => typeof entry === 'number')) return input as number[];
    if (input.every((entry) => Array.isArray(entry) && entry.every((value) => typeof value === 'number'))) return input as number[][];
  }
  throw new ProxyError('invalid_request', 'input must be a string, an array of strings, or token arrays (of numbers).', { param: 'input' });
}

/**
 * `POST /v1/embeddings`: the gateway asks AskSage's embeddings API for floats, and the answer is rendered in OpenAI's
 * list shape, as floats or as base64 float32 (what the OpenAI SDKs ask for by default), with usage.
 */
export async function runEmbeddingsRequest(gateway: Gateway, body: EmbeddingCreateParams, context: RequestContext): Promise<CreateEmbeddingResponse> {
  const request: EmbeddingsRequest = { model: body.model, input: readInput(body.input) };
  if (typeof body.dimensions === 'number') request.dimensions = body.dimensions;
  if (typeof body.user === 'string') request.user = body.user;
  const outcome = await gateway.embed(request, { ...context, dialect: 'openai-embeddings' });
  const base64 = body.encoding_format === 'base64';
  const tokens = outcome.inputTokens ?? 0;
  return {
    object: 'list',
    data: outcome.vectors.map((vector, index) => ({ object: 'embedding', index, embedding: base64 ? encodeFloat32Base64(vector) : vector })),
    model: outcome.model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}
