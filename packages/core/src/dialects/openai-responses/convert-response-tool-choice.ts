import { ProxyError } from '../../errors/proxy-error';
import type { ToolChoice } from '../../conversation/conversation';
import { flattenToolName } from './convert-response-tools';
import type { DeclaredTool } from './responses-request-options';

/** A converted `tool_choice`: the choice, and for `allowed_tools` the names the model may still use. */
export interface ConvertedToolChoice {
  choice?: ToolChoice;
  /** Model-facing names to keep; undefined keeps every tool. */
  allowed?: Set<string>;
}

function readForcedName(choice: Record<string, unknown>, declared: Map<string, DeclaredTool>, path: string): string {
  if (typeof choice.name !== 'string' || choice.name === '') {
    throw new ProxyError('invalid_request', `${path}.name must name one of the request's tools.`, { param: `${path}.name` });
  }
  const name = flattenToolName(typeof choice.namespace === 'string' ? choice.namespace : undefined, choice.name);
  if (!declared.has(name)) {
    const known = [...declared.keys()];
    throw new ProxyError('invalid_request', `${path} names the tool "${name}", which is not among the request's tools${known.length > 0 ? ` (${known.slice(0, 20).join(', ')})` : ' (none was sent)'}.`, { param: `${path}.name` });
  }
  return name;
}

/**
 * Responses `tool_choice` -> neutral choice. `auto`/`none`/`required` as they are; `{type: "function" | "custom",
 * name}` forces that tool; `allowed_tools` keeps only the listed tools (mode `auto` or `required`). A choice of a
 * hosted tool (`{type: "web_search_preview"}`, …) that was dropped falls back to `auto`, as the tool does not exist here.
 */
export function convertResponseToolChoice(value: unknown, declared: Map<string, DeclaredTool>): ConvertedToolChoice {
  if (value === undefined || value === null) return {};
  if (value === 'auto' || value === 'none' || value === 'required') return { choice: value };
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ProxyError('invalid_request', 'tool_choice must be "auto", "none", "required" or an object such as {"type": "function", "name": "…"}.', { param: 'tool_choice' });
  }
  const choice = value as Record<string, unknown>;
  if (choice.type === 'function' || choice.type === 'custom') return { choice: { name: readForcedName(choice, declared, 'tool_choice') } };
  if (choice.type === 'allowed_tools') {
    if (!Array.isArray(choice.tools)) throw new ProxyError('invalid_request', 'tool_choice.tools must be an array of tools.', { param: 'tool_choice.tools' });
    const allowed = new Set<string>();
    choice.tools.forEach((tool: unknown, index) => {
      const entry = tool as Record<string, unknown> | null;
      if (entry && (entry.type === 'function' || entry.type === 'custom')) allowed.add(readForcedName(entry, declared, `tool_choice.tools[${index}]`));
    });
    return { choice: choice.mode === 'required' ? 'required' : 'auto', allowed };
  }
  // Hosted tool types are named by `type` alone; Codex declares apply_patch as a custom tool of that name.
  if (typeof choice.type === 'string' && declared.has(choice.type)) return { choice: { name: choice.type } };
  return { choice: 'auto' };
}
