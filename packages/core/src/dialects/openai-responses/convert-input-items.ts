import { ProxyError } from '../../errors/proxy-error';
import type { ContentPart, Turn } from '../../conversation/conversation';
import { flattenToolName } from './convert-response-tools';
import { readMessageContent, readToolOutputText } from './read-message-content';

/** An input item with where it came from (`input[3]`, or `previous_response_id` for carried items). */
export interface LocatedItem {
  item: Record<string, unknown>;
  path: string;
}

/** Input items read into the neutral shape. */
export interface ConvertedInput {
  /** `system` and `developer` message texts, in order. */
  system: string[];
  turns: Turn[];
  /** Tool lists of `additional_tools` items (newer Codex sends its tools this way). */
  additionalTools: { tools: unknown; path: string }[];
  /** Item types that carry nothing AskSage can use (`reasoning`, `compaction`, hosted tool calls), dropped. */
  dropped: string[];
}

function requireString(value: unknown, path: string, field: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new ProxyError('invalid_request', `${path}.${field} must be a non-empty string.`, { param: `${path}.${field}` });
  }
  return value;
}

function optionalNamespace(item: Record<string, unknown>): string | undefined {
  return typeof item.namespace === 'string' && item.namespace !== '' ? item.namespace : undefined;
}

function textOf(parts: ContentPart[]): string {
  return parts.map((part) => (part.type === 'text' ? part.text : '')).filter((text) => text !== '').join('\n\n');
}

/**
 * Responses input items -> system texts and turns. Messages keep their own turns; an assistant's calls join the
 * assistant turn before them, and consecutive tool outputs share one user turn, as a model saw them. Tool results
 * are labelled with the tool's name, looked up from the call they answer.
 */
export function convertInputItems(items: LocatedItem[]): ConvertedInput {
  const converted: ConvertedInput = { system: [], turns: [], additionalTools: [], dropped: [] };
  const callNames = new Map<string, string>();
  const last = (): Turn | undefined => converted.turns[converted.turns.length - 1];

  function addAssistantPart(part: ContentPart): void {
    const turn = last();
    if (turn?.role === 'assistant') turn.parts.push(part);
    else converted.turns.push({ role: 'assistant', parts: [part] });
  }

  function addToolResult(item: Record<string, unknown>, path: string): void {
    const callId = requireString(item.call_id, path, 'call_id');
    const part: ContentPart = { type: 'tool-result', callId, name: callNames.get(callId), content: readToolOutputText(item.output, path) };
    const turn = last();
    if (turn?.role === 'user' && turn.parts.every((existing) => existing.type === 'tool-result')) turn.parts.push(part);
    else converted.turns.push({ role: 'user', parts: [part] });
  }

  for (const { item, path } of items) {
    const type = item.type ?? (item.role !== undefined ? 'message' : undefined);
    switch (type) {
      case 'message': {
        const parts = readMessageContent(item.content, path);
        if (item.role === 'system' || item.role === 'developer') {
          const text = textOf(parts);
          if (text !== '') converted.system.push(text);
        } else if (item.role === 'user') {
          if (parts.length > 0) converted.turns.push({ role: 'user', parts });
        } else if (item.role === 'assistant') {
          if (parts.length > 0) converted.turns.push({ role: 'assistant', parts });
        } else {
          throw new ProxyError('invalid_request', `${path}.role must be one of user, assistant, system, developer; got ${JSON.stringify(item.role)}.`, { param: `${path}.role` });
        }
        break;
      }
      case 'function_call': {
        const callId = requireString(item.call_id, path, 'call_id');
        const name = flattenToolName(optionalNamespace(item), requireString(item.name, path, 'name'));
        const args = typeof item.arguments === 'string' && item.arguments.trim() !== '' ? item.arguments : '{}';
        callNames.set(callId, name);
        addAssistantPart({ type: 'tool-call', id: callId, name, arguments: args });
        break;
      }
      case 'custom_tool_call': {
        const callId = requireString(item.call_id, path, 'call_id');
        const name = flattenToolName(optionalNamespace(item), requireString(item.name, path, 'name'));
        callNames.set(callId, name);
        // The model saw the freeform tool as a function of `{ input }`, so its earlier call is shown the same way.
        addAssistantPart({ type: 'tool-call', id: callId, name, arguments: JSON.stringify({ input: typeof item.input === 'string' ? item.input : '' }) });
        break;
      }
      case 'function_call_output':
      case 'custom_tool_call_output':
        addToolResult(item, path);
        break;
      case 'additional_tools':
        converted.additionalTools.push({ tools: item.tools, path: `${path}.tools` });
        break;
      default:
        if (typeof type !== 'string') {
          throw new ProxyError('invalid_request', `${path} must be a message (with a role) or an item with a type such as "function_call_output".`, { param: path });
        }
        converted.dropped.push(type);
    }
  }
  return converted;
}
