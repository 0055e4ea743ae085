import type { CompletionUsage } from '../../types/openai';

/** The body of `POST /v1/completions` (openai-node's `CompletionCreateParams`), the fields the proxy reads. */
export interface CompletionCreateParams {
  model: string;
  prompt: string | string[];
  suffix?: string | null;
  max_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  n?: number | null;
  stream?: boolean | null;
  stream_options?: { include_usage?: boolean } | null;
  logprobs?: number | null;
  echo?: boolean | null;
  stop?: string | string[] | null;
  best_of?: number | null;
  [key: string]: unknown;
}

/** One choice of a `text_completion`. */
export interface CompletionChoice {
  text: string;
  index: number;
  logprobs: null;
  finish_reason: 'stop' | 'length' | 'content_filter' | null;
}

/** A `text_completion` object, whole or as a stream chunk. */
export interface TextCompletion {
  id: string;
  object: 'text_completion';
  created: number;
  model: string;
  choices: CompletionChoice[];
  usage?: CompletionUsage | null;
}
