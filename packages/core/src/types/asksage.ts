/**
 * AskSage native wire types (see docs/asksage-protocol-notes.md).
 * Response fields are optional and nullable because two envelope generations exist (2026-04 vs 2026-09).
 */

/** One turn of AskSage's conversation array: `me` is the user, `gpt` the assistant. */
export interface AskSageMessage {
  user: 'me' | 'gpt';
  message: string;
}

/** The body of `POST {server}/query`. */
export interface AskSageQuery {
  message: string | AskSageMessage[];
  model: string;
  system_prompt?: string;
  persona?: number;
  dataset: string | string[];
  limit_references: number;
  live: 0 | 1 | 2;
  temperature: number;
  usage: boolean;
  tools?: unknown[];
  tool_choice?: unknown;
  reasoning_effort?: string;
  streaming?: boolean;
}

/** A tool call inside an AskSage reply; `id` and `type` may be missing (unrecorded shape). */
export interface AskSageToolCall {
  id?: string | null;
  type?: string | null;
  function?: { name?: string | null; arguments?: unknown } | null;
  name?: string | null;
  arguments?: unknown;
}

/** `usage` as AskSage sends it when the request had `usage: true`. */
export interface AskSageUsage {
  model_tokens?: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number } | null;
  asksage_tokens?: number | null;
}

/** The `/query` envelope. `message` holds the text; `response` is a status word ("OK") or an error text. */
export interface AskSageQueryResponse {
  response?: unknown;
  message?: unknown;
  status?: number | string;
  type?: string | null;
  uuid?: string | null;
  references?: string | null;
  tool_calls?: AskSageToolCall[] | null;
  tool_calls_unified?: AskSageToolCall[] | null;
  tool_responses?: unknown[] | null;
  usage?: AskSageUsage | null;
  error?: unknown;
  [key: string]: unknown;
}

/** Default shape of `/server/get-models`. Some tenants send a bare array (format=full). */
export interface AskSageGetModelsResponse {
  data?: Array<{ id: string; name?: string; object?: string; owned_by?: string; created?: unknown }>;
  object?: string;
  response?: unknown;
  status?: number | string;
}

/** The body of `POST {server}/openai/v1/embeddings` (OpenAI's shape; floats are always asked for). */
export interface AskSageEmbeddingsRequest {
  model: string;
  input: string | string[] | number[] | number[][];
  dimensions?: number;
  user?: string;
}
