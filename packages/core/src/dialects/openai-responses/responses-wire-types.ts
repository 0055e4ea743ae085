/**
 * The OpenAI Responses API wire shapes this dialect reads and writes, named as openai-node names them
 * (`ResponseCreateParams`, `Response`, `ResponseOutputItem`, `ResponseStreamEvent`). Only what the proxy produces is
 * typed exactly; requests are read field by field from `unknown`, because clients send much more than the proxy uses
 * (unknown fields are accepted and ignored). Official shapes: openapi.yaml `Response`, `ResponseStreamEvent`.
 */

/** A request body as received: every field is checked where it is read. */
export type ResponseCreateParams = Record<string, unknown> & { model: string };

/** `output_text` content of an assistant message. */
export interface ResponseOutputText {
  type: 'output_text';
  text: string;
  annotations: unknown[];
  logprobs: unknown[];
}

/** An assistant message item. */
export interface ResponseOutputMessage {
  type: 'message';
  id: string;
  role: 'assistant';
  status: ResponseItemStatus;
  content: ResponseOutputText[];
}

/** A call of a function tool (with its namespace when the tool came from a `namespace` group). */
export interface ResponseFunctionToolCall {
  type: 'function_call';
  id: string;
  call_id: string;
  name: string;
  namespace?: string;
  arguments: string;
  status: ResponseItemStatus;
}

/** A call of a freeform `custom` tool: the model's text is `input`, not JSON arguments. */
export interface ResponseCustomToolCall {
  type: 'custom_tool_call';
  id: string;
  call_id: string;
  name: string;
  namespace?: string;
  input: string;
}

/** An item the proxy returns. */
export type ResponseOutputItem = ResponseOutputMessage | ResponseFunctionToolCall | ResponseCustomToolCall;

/** Status of an output item. */
export type ResponseItemStatus = 'in_progress' | 'completed' | 'incomplete';

/** Status of a response. */
export type ResponseStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed';

/** Token usage as the Responses API reports it. */
export interface ResponseUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number; cache_write_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

/** `error` of a failed response; `code` is one of the spec's `ResponseErrorCode` values. */
export interface ResponseError {
  code: 'server_error' | 'rate_limit_exceeded' | 'invalid_prompt';
  message: string;
}

/** The Response object (openapi.yaml `Response`). */
export interface Response {
  id: string;
  object: 'response';
  created_at: number;
  status: ResponseStatus;
  completed_at: number | null;
  error: ResponseError | null;
  incomplete_details: { reason: 'max_output_tokens' | 'content_filter' } | null;
  instructions: string | null;
  max_output_tokens: number | null;
  model: string;
  output: ResponseOutputItem[];
  parallel_tool_calls: boolean;
  previous_response_id: string | null;
  reasoning: { effort: string | null; summary: string | null };
  store: boolean;
  temperature: number | null;
  text: { format: unknown };
  tool_choice: unknown;
  tools: unknown[];
  top_p: number | null;
  truncation: 'disabled' | 'auto';
  usage?: ResponseUsage;
  /** Deprecated in the API; present only when the request sent it (the spec does not allow null). */
  user?: string;
  metadata: Record<string, string>;
  service_tier: string;
  background: boolean;
  prompt_cache_key?: string | null;
}

/** One streamed event; every event carries its `type` and a growing `sequence_number`. */
export type ResponseStreamEvent = { type: string; sequence_number: number } & Record<string, unknown>;
