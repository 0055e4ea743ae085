import type { ToolChoice, ToolSpec } from '../../conversation/conversation';
import { ProxyError } from '../../errors/proxy-error';

/** Anthropic's tools, split the way AskSage can take them. */
export interface AnthropicTools {
  /** Client tools, sent to AskSage as an OpenAI-style tools array by the query builder. */
  tools: ToolSpec[];
  /** A `web_search_…` server tool was offered: AskSage's `live` web search does that job. */
  webSearch: boolean;
}

/**
 * `tools` -> neutral tool specs. Client tools (`{name, description, input_schema}`, with or without `type:"custom"`)
 * pass through. Anthropic's server-side web search becomes AskSage's web search. Other Anthropic-defined tools
 * (`bash_…`, `text_editor_…`, `computer_…`, code execution) have schemas only Anthropic knows and run on Anthropic's
 * side, so they are a clear 400 rather than a tool the model would call with made-up arguments.
 */
export function readAnthropicTools(tools: unknown): AnthropicTools {
  const result: AnthropicTools = { tools: [], webSearch: false };
  if (tools === undefined || tools === null) return result;
  if (!Array.isArray(tools)) throw new ProxyError('invalid_request', 'tools must be an array.', { param: 'tools' });
  tools.forEach((entry: unknown, index) => {
    const path = `tools[${index}]`;
    const tool = (entry ?? {}) as Record<string, unknown>;
    const type = tool.type;
    if (typeof type === 'string' && type.startsWith('web_search_')) {
      result.webSearch = true;
      return;
    }
    if (type !== undefined && type !== null && type !== 'custom') {
      throw new ProxyError(
        'unsupported_parameter',
        `${path} is the Anthropic-defined tool ${JSON.stringify(type)}, which runs only on Anthropic's own servers; ` +
          'define it as a client tool with name, description and input_schema instead.',
        { param: `${path}.type` },
      );
    }
    if (typeof tool.name !== 'string' || tool.name === '') {
      throw new ProxyError('invalid_request', `${path}.name must be a non-empty string.`, { param: `${path}.name` });
    }
    result.tools.push({
      name: tool.name,
      ...(typeof tool.description === 'string' ? { description: tool.description } : {}),
      parameters: tool.input_schema ?? { type: 'object', properties: {} },
    });
  });
  return result;
}

/** `tool_choice` -> neutral: auto, any (must call some tool), tool (that one), none. */
export function readAnthropicToolChoice(choice: unknown): ToolChoice | undefined {
  if (choice === undefined || choice === null) return undefined;
  const { type, name } = choice as { type?: unknown; name?: unknown };
  switch (type) {
    case 'auto':
      return 'auto';
    case 'any':
      return 'required';
    case 'none':
      return 'none';
    case 'tool':
      if (typeof name !== 'string' || name === '') {
        throw new ProxyError('invalid_request', 'tool_choice.name must name a tool when tool_choice.type is "tool".', { param: 'tool_choice.name' });
      }
      return { name };
    default:
      throw new ProxyError('invalid_request', `tool_choice.type must be one of auto, any, tool, none; got ${JSON.stringify(type)}.`, { param: 'tool_choice.type' });
  }
}
