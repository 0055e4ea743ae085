import type { ToolCall } from '../../conversation/completion-result';
import type { ResponsesRequestOptions } from './responses-request-options';
import type { ResponseCustomToolCall, ResponseFunctionToolCall, ResponseItemStatus, ResponseOutputMessage } from './responses-wire-types';
import { createItemId } from './response-item-ids';

/** An assistant message item holding `text`. */
export function buildMessageItem(responseId: string, index: number, text: string, status: ResponseItemStatus): ResponseOutputMessage {
  return {
    type: 'message',
    id: createItemId(responseId, 'msg', index),
    role: 'assistant',
    status,
    content: [{ type: 'output_text', text, annotations: [], logprobs: [] }],
  };
}

/** The `input` of a freeform tool call: the model filled the `{ input }` argument the proxy offered it. */
function readCustomInput(argumentsText: string): string {
  try {
    const parsed = JSON.parse(argumentsText) as { input?: unknown } | null;
    if (parsed && typeof parsed.input === 'string') return parsed.input;
  } catch {
    // Not JSON: the model wrote the freeform text directly, which is what the tool wants anyway.
  }
  return argumentsText;
}

/**
 * A call the model made -> the item the client declared it as: `function_call`, or `custom_tool_call` for a
 * freeform tool; a tool from a `namespace` comes back with its own name and that namespace (Codex routes by both, and
 * loops when the namespace is missing). A call of an undeclared name is passed on as a function call.
 */
export function buildToolCallItem(
  responseId: string,
  index: number,
  call: ToolCall,
  options: Pick<ResponsesRequestOptions, 'tools'>,
  status: ResponseItemStatus = 'completed',
): ResponseFunctionToolCall | ResponseCustomToolCall {
  const declared = options.tools.get(call.name);
  const namespace = declared?.namespace !== undefined ? { namespace: declared.namespace } : {};
  if (declared?.kind === 'custom') {
    return { type: 'custom_tool_call', id: createItemId(responseId, 'ctc', index), call_id: call.id, name: declared.name, ...namespace, input: readCustomInput(call.arguments) };
  }
  return {
    type: 'function_call',
    id: createItemId(responseId, 'fc', index),
    call_id: call.id,
    name: declared?.name ?? call.name,
    ...namespace,
    arguments: call.arguments,
    status,
  };
}
