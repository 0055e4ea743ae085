/**
 * OpenAI Chat Completions wire types, named as in openai-node so users of the SDK recognise them.
 * Only the fields the proxy reads or writes are typed; unknown extra fields pass validation upstream of here.
 */

/** A text part of a user/system/developer/assistant/tool message. */
export interface ChatCompletionContentPartText {
  type: 'text';
  text: string;
}

/** An image part (vision). Accepted by the schema, refused by translation until vision is supported. */
export interface ChatCompletionContentPartImage {
  type: 'image_url';
  image_url: { url: string; detail?: 'auto' | 'low' | 'high' };
}

/** Any other content part kind (input_audio, file, refusal...). */
export interface ChatCompletionContentPartOther {
  type: string;
  [key: string]: unknown;
}

/** One element of an array-form `content`. */
export type ChatCompletionContentPart =
  | ChatCompletionContentPartText
  | ChatCompletionContentPartImage
  | ChatCompletionContentPartOther;

/** A function tool call as it appears on assistant messages and responses. */
export interface ChatCompletionMessageToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** `role: "system"` message. */
export interface ChatCompletionSystemMessageParam {
  role: 'system';
  content: string | ChatCompletionContentPart[];
  name?: string;
}

/** `role: "developer"` message (the newer name for system instructions). */
export interface ChatCompletionDeveloperMessageParam {
  role: 'developer';
  content: string | ChatCompletionContentPart[];
  name?: string;
}

/** `role: "user"` message. */
export interface ChatCompletionUserMessageParam {
  role: 'user';
  content: string | ChatCompletionContentPart[];
  name?: string;
}

/** `role: "assistant"` message, possibly carrying tool calls. */
export interface ChatCompletionAssistantMessageParam {
  role: 'assistant';
  content?: string | ChatCompletionContentPart[] | null;
  name?: string;
  tool_calls?: ChatCompletionMessageToolCall[];
  refusal?: string | null;
}

/** `role: "tool"` message: the result of a tool call. */
export interface ChatCompletionToolMessageParam {
  role: 'tool';
  content: string | ChatCompletionContentPart[];
  tool_call_id: string;
}

/** Legacy `role: "function"` message. */
export interface ChatCompletionFunctionMessageParam {
  role: 'function';
  content: string | null;
  name: string;
}

/** Any message of a chat request. */
export type ChatCompletionMessageParam =
  | ChatCompletionSystemMessageParam
  | ChatCompletionDeveloperMessageParam
  | ChatCompletionUserMessageParam
  | ChatCompletionAssistantMessageParam
  | ChatCompletionToolMessageParam
  | ChatCompletionFunctionMessageParam;

/** A function tool definition. */
export interface ChatCompletionTool {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean | null };
}

/** `tool_choice` values. */
export type ChatCompletionToolChoiceOption =
  | 'none'
  | 'auto'
  | 'required'
  | { type: 'function'; function: { name: string } };

/** `stream_options`. */
export interface ChatCompletionStreamOptions {
  include_usage?: boolean;
}

/** The body of `POST /v1/chat/completions`. */
export interface ChatCompletionCreateParams {
  model: string;
  messages: ChatCompletionMessageParam[];
  stream?: boolean | null;
  stream_options?: ChatCompletionStreamOptions | null;
  temperature?: number | null;
  top_p?: number | null;
  n?: number | null;
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  stop?: string | string[] | null;
  presence_penalty?: number | null;
  frequency_penalty?: number | null;
  logit_bias?: Record<string, number> | null;
  logprobs?: boolean | null;
  top_logprobs?: number | null;
  response_format?: { type: string; [key: string]: unknown } | null;
  seed?: number | null;
  tools?: ChatCompletionTool[];
  tool_choice?: ChatCompletionToolChoiceOption;
  parallel_tool_calls?: boolean;
  reasoning_effort?: 'minimal' | 'low' | 'medium' | 'high' | null;
  user?: string;
  [key: string]: unknown;
}

/** Token accounting of a completion. */
export interface CompletionUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** Why generation stopped. */
export type ChatCompletionFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call';

/** The assistant message of a non-streamed completion. */
export interface ChatCompletionMessage {
  role: 'assistant';
  content: string | null;
  refusal: string | null;
  tool_calls?: ChatCompletionMessageToolCall[];
}

/** One choice of a non-streamed completion. */
export interface ChatCompletionChoice {
  index: number;
  message: ChatCompletionMessage;
  finish_reason: ChatCompletionFinishReason;
  logprobs: null;
}

/** The response of a non-streamed `POST /v1/chat/completions`. */
export interface ChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: ChatCompletionChoice[];
  usage?: CompletionUsage;
  system_fingerprint?: string | null;
}

/** A streamed tool call fragment. */
export interface ChatCompletionChunkToolCall {
  index: number;
  id?: string;
  type?: 'function';
  function?: { name?: string; arguments?: string };
}

/** The delta of one streamed chunk. */
export interface ChatCompletionChunkDelta {
  role?: 'assistant';
  content?: string | null;
  refusal?: string | null;
  tool_calls?: ChatCompletionChunkToolCall[];
}

/** One choice of a streamed chunk. */
export interface ChatCompletionChunkChoice {
  index: number;
  delta: ChatCompletionChunkDelta;
  finish_reason: ChatCompletionFinishReason | null;
  logprobs: null;
}

/** One `data:` event of a streamed completion. */
export interface ChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: ChatCompletionChunkChoice[];
  usage?: CompletionUsage | null;
  system_fingerprint?: string | null;
}

/** An entry of `GET /v1/models`. */
export interface Model {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
}

/** The response of `GET /v1/models`. */
export interface ModelList {
  object: 'list';
  data: Model[];
}
