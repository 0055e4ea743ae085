/** How a tool the model may call maps back to what the client declared. */
export interface DeclaredTool {
  /** `function` tools take JSON arguments; `custom` (freeform) tools take one text `input`. */
  kind: 'function' | 'custom';
  /** The name as the client declared it inside its namespace (or at the top level). */
  name: string;
  /** The `namespace` group it came from; returned calls carry it so the client can route them. */
  namespace?: string;
}

/** Dialect-specific facts of one Responses request, carried from `parseRequest` to the renderers. */
export interface ResponsesRequestOptions {
  /** The name the model sees (namespaces flattened) -> the tool as declared. */
  tools: Map<string, DeclaredTool>;
  /** `instructions` as sent (echoed in the Response; not carried to a later `previous_response_id`). */
  instructions: string | null;
  /** The tools echoed in the Response: the ones the proxy offers the model, as declared. */
  echoedTools: unknown[];
  /** `tool_choice` echoed. */
  toolChoice: unknown;
  /** `text` echoed (`{ format }`). */
  text: { format: unknown };
  parallelToolCalls: boolean;
  previousResponseId: string | null;
  /** `store` (default true): whether the response is kept for `previous_response_id`, `GET` and `DELETE`. */
  store: boolean;
  temperature: number | null;
  topP: number | null;
  maxOutputTokens: number | null;
  reasoningEffort: string | null;
  metadata: Record<string, string>;
  user: string | null;
  promptCacheKey: string | null;
  serviceTier: string;
  /**
   * The conversation's items up to and including this request's input, references resolved: what a stored
   * response keeps, so a later `previous_response_id` continues it.
   */
  items: unknown[];
}
