/** A tool call the model made in its reply. */
export interface ToolCall {
  /** Unique id the client echoes back with the result (`call_…` unless AskSage sent one). */
  id: string;
  name: string;
  /** JSON text of the arguments; `{}` when the model gave none. */
  arguments: string;
}

/** Why generation stopped. */
export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

/** Token counts of one completion. */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  /** AskSage's billing tokens, when it reported them. */
  asksageTokens?: number;
  /** Whether the counts came from the upstream (`upstream`) or were counted offline (`estimated`). */
  source: 'upstream' | 'estimated';
}

/** A whole completion, dialect-neutral. */
export interface CompletionResult {
  /** The reply text ('' when the model only called tools). */
  text: string;
  toolCalls: ToolCall[];
  finishReason: FinishReason;
  /** Absent when neither AskSage nor the offline counter could tell. */
  usage?: Usage;
  /** The stop sequence that ended the reply, when one did (Anthropic reports it). */
  stopSequence?: string;
}
