/**
 * Anthropic Messages wire types, named as in anthropic-sdk-typescript `src/resources/messages/messages.ts`. Only what
 * the proxy reads or writes; requests are typed loosely (`unknown` where clients vary) because the converter checks
 * every field it uses and ignores the rest.
 */

/** `POST /v1/messages` body (also `/v1/messages/count_tokens`, without `max_tokens`). */
export interface MessageCreateParams {
  model: string;
  messages: MessageParam[];
  max_tokens?: number;
  system?: string | TextBlockParam[];
  stream?: boolean;
  temperature?: number;
  top_p?: number;
  top_k?: number;
  stop_sequences?: string[];
  tools?: unknown[];
  tool_choice?: unknown;
  thinking?: unknown;
  metadata?: unknown;
  /** Anything else (Claude Code sends `context_management`, `output_config`, …) is accepted and ignored. */
  [field: string]: unknown;
}

/** One entry of `messages`. `system` is not documented, but Claude Code sends it (shared/docs/clients.md). */
export interface MessageParam {
  role: 'user' | 'assistant' | 'system';
  content: string | ContentBlockParam[];
}

/** A text block of `system` or of a message. */
export interface TextBlockParam {
  type: 'text';
  text: string;
  cache_control?: unknown;
}

/** A request content block; `type` says which. */
export interface ContentBlockParam {
  type: string;
  [field: string]: unknown;
}

/** A reply text block. */
export interface TextBlock {
  type: 'text';
  text: string;
}

/** A reply tool call. */
export interface ToolUseBlock {
  type: 'tool_use';
  /** `toolu_…` */
  id: string;
  name: string;
  /** The arguments as an object (never a JSON string). */
  input: unknown;
}

/** A reply content block. */
export type ContentBlock = TextBlock | ToolUseBlock;

/** Why the reply ended. */
export type StopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'refusal';

/** Token counts; the proxy has no prompt cache, so the cache fields are always 0. */
export interface Usage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

/** The non-stream reply, and the `message` of `message_start`. */
export interface Message {
  /** `msg_…` */
  id: string;
  type: 'message';
  role: 'assistant';
  content: ContentBlock[];
  model: string;
  stop_reason: StopReason | null;
  stop_sequence: string | null;
  usage: Usage;
}

/** Anthropic's `error.type` vocabulary. */
export type AnthropicErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'api_error'
  | 'overloaded_error';

/** The error body, also the `data` of an in-band `event: error` frame. */
export interface AnthropicErrorBody {
  type: 'error';
  error: { type: AnthropicErrorType; message: string };
}
