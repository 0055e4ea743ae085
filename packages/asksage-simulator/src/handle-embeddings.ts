import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { SimulatorState } from './create-simulator-state';
import { sendJson } from './send-json';

/** The embedding models the compatibility surface serves, with their native dimensions. */
export const EMBEDDING_MODELS: Readonly<Record<string, number>> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
};

/** A unit vector that depends only on the text and the dimension count, so tests can predict it. */
export function deterministicEmbedding(text: string, dimensions: number): number[] {
  const values: number[] = [];
  let block = createHash('sha256').update(text).digest();
  for (let index = 0; values.length < dimensions; index += 1) {
    if (index > 0 && index % 16 === 0) block = createHash('sha256').update(block).digest();
    values.push(block.readUInt16BE((index % 16) * 2) / 65535 - 0.5);
  }
  const norm = Math.sqrt(values.reduce((sum, value) => sum + value * value, 0)) || 1;
  // Rounded like real float32 output, so base64 and float encodings agree after a float32 round trip.
  return values.map((value) => Math.fround(value / norm));
}

const openAIError = (message: string, code: string) => ({ error: { message, type: 'invalid_request_error', code, error_code: 'ERR-OPENAI-400-INVALID_REQUEST', ref: 'ERR-SIMULATOR' } });

/**
 * `POST {server}/openai/v1/embeddings` with `Authorization: Bearer <key>` (protocol doc §4.9, T20): OpenAI's list
 * shape with deterministic vectors; a bad key gets the HTTP-200 "Token is invalid [2]" envelope, as recorded for the
 * compatibility surfaces (fixture token-invalid-2.json notes); an unknown model a 400 OpenAI-style error; a tenant
 * configured without the route (`embeddings: false`) a 404.
 */
export function handleEmbeddings(state: SimulatorState, authorization: string | undefined, body: unknown, response: ServerResponse): void {
  if (!state.embeddings) return sendJson(response, 404, { response: 'Not found', status: 404 });
  const bearer = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1]?.trim();
  const authentication = state.authenticate(bearer);
  if (!authentication.ok) return sendJson(response, 200, { response: `Token is invalid [${authentication.reason}]`, status: 400 });
  const fields = (body && typeof body === 'object' ? body : {}) as { model?: unknown; input?: unknown; dimensions?: unknown; encoding_format?: unknown };
  const model = typeof fields.model === 'string' ? fields.model : '';
  const native = EMBEDDING_MODELS[model];
  if (native === undefined) return sendJson(response, 400, openAIError(`Unsupported model: ${model}`, 'invalid_request_error'));
  const inputs = typeof fields.input === 'string' ? [fields.input] : Array.isArray(fields.input) ? fields.input : undefined;
  if (inputs === undefined || inputs.length === 0) return sendJson(response, 400, openAIError("'input' must be a string or a non-empty array", 'invalid_request_error'));
  const dimensions = typeof fields.dimensions === 'number' && fields.dimensions > 0 && fields.dimensions <= native ? fields.dimensions : native;
  const texts = inputs.map((input) => (typeof input === 'string' ? input : JSON.stringify(input)));
  const tokens = texts.reduce((sum, text) => sum + Math.max(1, Math.ceil(text.length / 4)), 0);
  sendJson(response, 200, {
    object: 'list',
    data: texts.map((text, index) => ({ object: 'embedding', index, embedding: deterministicEmbedding(text, dimensions) })),
    model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  });
}
