import { ProxyError } from '../errors/proxy-error';
import type { AskSageMessage } from '../types/asksage';
import { describeFunctionCall, describeToolCalls } from './describe-tool-calls';
import { readMessageText } from './read-message-text';

/** An OpenAI conversation split the way AskSage takes it. */
export interface ConvertedHistory {
  /** Texts of `system` and `developer` messages, in order. */
  systemTexts: string[];
  /** Everything else as AskSage turns, in order. */
  turns: AskSageMessage[];
}

const knownRoles = 'system, developer, user, assistant, tool, function';

function readToolResult(message: Record<string, unknown>, path: string, toolNames: Map<string, string>): string {
  const id = message.tool_call_id;
  if (typeof id !== 'string' || id === '') {
    throw new ProxyError('invalid_request', `${path}.tool_call_id must be a non-empty string.`, { param: `${path}.tool_call_id` });
  }
  const name = toolNames.get(id);
  const header = name === undefined ? `[tool result for ${id}]` : `[tool result for ${id} (${name})]`;
  return `${header}\n${readMessageText(message.content, path)}`;
}

function readFunctionResult(message: Record<string, unknown>, path: string): string {
  const name = typeof message.name === 'string' ? message.name : 'unknown';
  return `[function result (${name})]\n${readMessageText(message.content, path, { allowNull: true })}`;
}

function readAssistantTurn(message: Record<string, unknown>, path: string, toolNames: Map<string, string>): string {
  const lines = [
    readMessageText(message.content, path, { allowNull: true, allowRefusal: true }),
    ...describeToolCalls(message.tool_calls, path, toolNames),
    ...describeFunctionCall(message.function_call, path),
  ];
  return lines.filter((line) => line !== '').join('\n');
}

/**
 * OpenAI messages -> system texts + AskSage `[{user: 'me' | 'gpt', message}]` turns.
 * - `user`, `tool` and legacy `function` messages become `me` turns; tool results are labelled with the call id
 *   and tool name, because AskSage has no tool role (protocol doc §2.4).
 * - `assistant` messages become `gpt` turns, with their tool calls written out. An assistant message with no
 *   text and no calls is left out: it carries nothing, and some providers behind AskSage reject empty turns.
 * - Consecutive turns of the same AskSage role stay separate entries: AskSage takes the array as given, and
 *   merging would blur where one tool result ends and the next begins (parallel tool calls).
 */
export function convertMessageHistory(messages: unknown): ConvertedHistory {
  if (!Array.isArray(messages) || messages.length === 0) {
    throw new ProxyError('invalid_request', 'messages must be a non-empty array.', { param: 'messages' });
  }
  const history: ConvertedHistory = { systemTexts: [], turns: [] };
  const toolNames = new Map<string, string>();
  messages.forEach((entry: unknown, index) => {
    const path = `messages[${index}]`;
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
      throw new ProxyError('invalid_request', `${path} must be a message object.`, { param: path });
    }
    const message = entry as Record<string, unknown>;
    switch (message.role) {
      case 'system':
      case 'developer':
        history.systemTexts.push(readMessageText(message.content, path));
        break;
      case 'user': {
        // Like empty assistant turns: providers behind AskSage reject empty turns, and an empty one says nothing.
        const text = readMessageText(message.content, path);
        if (text !== '') history.turns.push({ user: 'me', message: text });
        break;
      }
      case 'assistant': {
        const text = readAssistantTurn(message, path, toolNames);
        if (text !== '') history.turns.push({ user: 'gpt', message: text });
        break;
      }
      case 'tool':
        history.turns.push({ user: 'me', message: readToolResult(message, path, toolNames) });
        break;
      case 'function':
        history.turns.push({ user: 'me', message: readFunctionResult(message, path) });
        break;
      default:
        throw new ProxyError('invalid_request', `${path}.role must be one of ${knownRoles}; got ${JSON.stringify(message.role)}.`, { param: `${path}.role` });
    }
  });
  return history;
}
