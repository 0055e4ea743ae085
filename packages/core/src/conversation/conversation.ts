/**
 * The neutral conversation every dialect converts *to* (and the AskSage query builder reads). No dialect's wire
 * shape appears here: chat completions, Responses and Anthropic Messages all become this, so a new dialect is one
 * converter in, one renderer out, never a wire-to-wire translation.
 */

/** Plain text. */
export interface TextPart {
  type: 'text';
  text: string;
}

/** An image, inline (`data`, base64, with its media type) or by URL. */
export interface ImagePart {
  type: 'image';
  /** `image/png`, … (known for inline data; may be absent for URLs). */
  mediaType?: string;
  /** Base64 bytes, without a `data:` prefix. */
  data?: string;
  /** An `http(s)` URL. */
  url?: string;
  /** Where the part came from in the client's body (`messages[2].content[1]`), for precise errors. */
  source: string;
}

/**
 * A binary document (a PDF), inline (`data`, base64) or by URL. The AskSage side attaches it as a file, which
 * AskSage turns into text; plain-text documents never become this part (dialects pass their text as text).
 */
export interface DocumentPart {
  type: 'document';
  /** The media type the client declared (`application/pdf`); the bytes decide, this is never trusted. */
  mediaType?: string;
  /** Base64 bytes, without a `data:` prefix. */
  data?: string;
  /** An `http(s)` URL. */
  url?: string;
  /** The name the client gave the file (OpenAI `filename`, Anthropic `title`), unsanitised. */
  filename?: string;
  /** Where the part came from in the client's body (`messages[2].content[1]`), for precise errors. */
  source: string;
}

/** A tool call the assistant made earlier in the conversation. */
export interface ToolCallPart {
  type: 'tool-call';
  /** The call id as the client knows it (`call_…`, `toolu_…`); may be empty for legacy function calls. */
  id: string;
  name: string;
  /** The arguments as JSON text (what the model produced). */
  arguments: string;
  /** Legacy OpenAI `function_call` rather than a tool call: rendered as such in the history text. */
  legacy?: boolean;
}

/** The result of an earlier tool call. */
export interface ToolResultPart {
  type: 'tool-result';
  /** The id of the call it answers (empty for a legacy function result). */
  callId: string;
  /** The tool's name when the client said it (legacy function results), else looked up from the call. */
  name?: string;
  /** The result as text. */
  content: string;
  /** The tool failed (Anthropic `is_error`). */
  isError?: boolean;
  /** Legacy OpenAI `function` message. */
  legacy?: boolean;
}

/** One piece of a turn. */
export type ContentPart = TextPart | ImagePart | DocumentPart | ToolCallPart | ToolResultPart;

/** One turn: the user's (including tool results) or the assistant's (including its tool calls). */
export interface Turn {
  role: 'user' | 'assistant';
  parts: ContentPart[];
}

/** A function the model may call. */
export interface ToolSpec {
  name: string;
  description?: string;
  /** JSON Schema of the arguments. */
  parameters?: unknown;
  /** OpenAI's `strict`, passed on. */
  strict?: boolean;
}

/** Whether and which tool the model must call. */
export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

/** What the reply must look like; AskSage cannot enforce it, so the proxy instructs the model and shapes the reply. */
export type OutputFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; name?: string; schema?: unknown; description?: string; strict?: boolean };

/** Sampling and length controls. */
export interface SamplingOptions {
  /** As the client sent it; the AskSage builder clamps it. */
  temperature?: number;
  topP?: number;
  topK?: number;
  /** Most output tokens. */
  maxTokens?: number;
  /** AskSage's `reasoning_effort` vocabulary. */
  reasoningEffort?: 'minimal' | 'low' | 'medium' | 'high';
  /** Sequences the reply is cut at (AskSage has no stop field; the proxy applies them to the reply). */
  stop?: string[];
}

/** A whole conversation as the model should see it. */
export interface Conversation {
  /** System and developer instructions, in order. */
  system: string[];
  /** Everything else, in order. */
  turns: Turn[];
  /** Functions offered to the model. */
  tools?: ToolSpec[];
  toolChoice?: ToolChoice;
  sampling: SamplingOptions;
  /** Requested reply format. */
  output?: OutputFormat;
  /** The client asked for a web-grounded answer (AskSage `live`). */
  webSearch?: boolean;
}
