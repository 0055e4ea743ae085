import type { Turn } from '../../conversation/conversation';
import { ProxyError } from '../../errors/proxy-error';
import { quoteClientValue } from '../quote-client-value';
import { readChatFunctionCall, readChatToolCalls } from './read-chat-tool-calls';
import { readMessageText } from './read-message-text';
import { readUserContentParts } from './read-user-content-parts';

/** OpenAI messages split the way the neutral conversation holds them. */
export interface ParsedChatMessages {
  /** Texts of `system` and `developer` messages, in order. */
  system: string[];
  /** Everything else, in order. */
  turns: Turn[];
}

const knownRoles = 'system, developer, user, assistant, tool, function';

function readToolResult(message: Record<string, unknown>, path: string): Turn {
  const id = message.tool_call_id;
  if (typeof id !== 'string' || id === '') {
    throw new ProxyError('invalid_request', `${path}.tool_call_id must be a non-empty string.`, { param: `${path}.tool_call_id` });
  }
  return { role: 'user', parts: [{ type: 'tool-result', callId: id, content: readMessageText(message.content, path) }] };
}

function readFunctionResult(message: Record<string, unknown>, path: string): Turn {
  const name = typeof message.name === 'string' ? message.name : 'unknown';
  const content = readMessageText(message.content, path, { allowNull: true });
  return { role: 'user', parts: [{ type: 'tool-result', callId: '', name, content, legacy: true }] };
}

function readAssistantTurn(message: Record<string, unknown>, path: string): Turn {
  const text = readMessageText(message.content, path, { allowNull: true, allowRefusal: true });
  return {
    role: 'assistant',
    parts: [{ type: 'text', text }, ...readChatToolCalls(message.tool_calls, path), ...readChatFunctionCall(message.function_call, path)],
  };
}

/**
 * OpenAI messages -> system texts + neutral turns. `user`, `tool` and legacy `function` messages are user turns
 * (tool results as tool-result parts); `assistant` messages are assistant turns with their tool calls. Every
 * malformed message throws `invalid_request` naming it (`messages[2].tool_call_id`).
 */
export function parseChatMessages(messages: unknown): ParsedChatMessages {
  if (!Array.isArray(messages) || messages.length === 0) {
    throw new ProxyError('invalid_request', 'messages must be a non-empty array.', { param: 'messages' });
  }
  const parsed: ParsedChatMessages = { system: [], turns: [] };
  messages.forEach((entry: unknown, index) => {
    const path = `messages[${index}]`;
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
      throw new ProxyError('invalid_request', `${path} must be a message object.`, { param: path });
    }
    const message = entry as Record<string, unknown>;
    switch (message.role) {
      case 'system':
      case 'developer':
        parsed.system.push(readMessageText(message.content, path));
        break;
      case 'user':
        parsed.turns.push({ role: 'user', parts: readUserContentParts(message.content, path) });
        break;
      case 'assistant':
        parsed.turns.push(readAssistantTurn(message, path));
        break;
      case 'tool':
        parsed.turns.push(readToolResult(message, path));
        break;
      case 'function':
        parsed.turns.push(readFunctionResult(message, path));
        break;
      default:
        throw new ProxyError('invalid_request', `${path}.role must be one of ${knownRoles}; got ${quoteClientValue(message.role)}.`, { param: `${path}.role` });
    }
  });
  return parsed;
}
