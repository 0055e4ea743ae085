import { ProxyError } from '../../errors/proxy-error';
import type { ToolSpec } from '../../conversation/conversation';
import type { DeclaredTool } from './responses-request-options';

/** Tools read from a request: what the model is offered, and how its calls map back. */
export interface ConvertedTools {
  specs: ToolSpec[];
  /** Model-facing name -> the tool as declared. */
  declared: Map<string, DeclaredTool>;
  /** The tools echoed in the Response (normalized as OpenAI echoes them). */
  echoed: unknown[];
  /** Types of hosted tools that cannot run here (`web_search`, `file_search`, …), dropped. */
  dropped: string[];
}

/**
 * Names are joined with `__` because function names must match `^[a-zA-Z0-9_-]+$` upstream (a dot or slash is
 * rejected by several providers behind AskSage); Codex's own MCP tools use the same separator.
 */
export function flattenToolName(namespace: string | undefined, name: string): string {
  return namespace === undefined ? name : `${namespace}__${name}`;
}

// A freeform tool takes raw text (a patch, a script); AskSage only has JSON-schema function tools, so the text
// travels as one string argument and comes back as the call's `input`.
function customToolParameters(format: unknown): object {
  let description = 'The raw input text for this tool, exactly as the tool expects it.';
  const spec = format as { type?: unknown; syntax?: unknown; definition?: unknown } | undefined;
  if (spec?.type === 'grammar' && typeof spec.definition === 'string') {
    description += ` It must match this ${typeof spec.syntax === 'string' ? spec.syntax : ''} grammar:\n${spec.definition}`;
  }
  return { type: 'object', properties: { input: { type: 'string', description } }, required: ['input'], additionalProperties: false };
}

function readName(value: unknown, path: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new ProxyError('invalid_request', `${path}.name must be a non-empty string.`, { param: `${path}.name` });
  }
  return value;
}

/**
 * Responses `tools` (and the tools of `additional_tools` input items) -> neutral tool specs.
 * - `function` -> a function; `custom` -> a function taking `{ input: string }`;
 * - `namespace` -> its functions and custom tools, named `<namespace>__<name>`; calls come back split again;
 * - hosted types (`web_search`, `file_search`, `code_interpreter`, `computer_use_preview`, `mcp`, `image_generation`,
 *   `local_shell`, …) cannot run behind AskSage: they are dropped and reported in `dropped`, never a 400, because
 *   Codex sends `web_search` on every turn.
 */
export function convertResponseTools(toolLists: { tools: unknown; path: string }[]): ConvertedTools {
  const converted: ConvertedTools = { specs: [], declared: new Map(), echoed: [], dropped: [] };

  function addLeaf(tool: Record<string, unknown>, path: string, namespace: string | undefined): void {
    const name = readName(tool.name, path);
    const flatName = flattenToolName(namespace, name);
    // The same tool in `tools` and in an `additional_tools` item is offered once: upstreams reject duplicate names.
    if (converted.declared.has(flatName)) return;
    const description = typeof tool.description === 'string' ? tool.description : undefined;
    if (tool.type === 'custom') {
      converted.specs.push({ name: flatName, description, parameters: customToolParameters(tool.format) });
      converted.declared.set(flatName, { kind: 'custom', name, namespace });
    } else {
      const strict = typeof tool.strict === 'boolean' ? tool.strict : undefined;
      converted.specs.push({ name: flatName, description, parameters: tool.parameters ?? { type: 'object', properties: {} }, strict });
      converted.declared.set(flatName, { kind: 'function', name, namespace });
    }
  }

  for (const { tools, path: listPath } of toolLists) {
    if (tools === undefined || tools === null) continue;
    if (!Array.isArray(tools)) throw new ProxyError('invalid_request', `${listPath} must be an array of tools.`, { param: listPath });
    tools.forEach((entry: unknown, index) => {
      const path = `${listPath}[${index}]`;
      if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
        throw new ProxyError('invalid_request', `${path} must be a tool object.`, { param: path });
      }
      const tool = entry as Record<string, unknown>;
      switch (tool.type) {
        case 'function':
          addLeaf(tool, path, undefined);
          converted.echoed.push({ ...tool, parameters: tool.parameters ?? null, strict: tool.strict ?? null });
          break;
        case 'custom':
          addLeaf(tool, path, undefined);
          converted.echoed.push(tool);
          break;
        case 'namespace': {
          const namespace = readName(tool.name, path);
          if (!Array.isArray(tool.tools)) throw new ProxyError('invalid_request', `${path}.tools must be an array of tools.`, { param: `${path}.tools` });
          tool.tools.forEach((inner: unknown, innerIndex) => {
            const innerPath = `${path}.tools[${innerIndex}]`;
            const leaf = inner as Record<string, unknown> | null;
            if (!leaf || typeof leaf !== 'object' || (leaf.type !== 'function' && leaf.type !== 'custom')) {
              throw new ProxyError('invalid_request', `${innerPath} must be a function or custom tool.`, { param: `${innerPath}.type` });
            }
            addLeaf(leaf, innerPath, namespace);
          });
          converted.echoed.push({ ...tool, description: typeof tool.description === 'string' ? tool.description : '' });
          break;
        }
        default:
          if (typeof tool.type !== 'string' || tool.type === '') {
            throw new ProxyError('invalid_request', `${path}.type must be a string such as "function".`, { param: `${path}.type` });
          }
          converted.dropped.push(tool.type);
      }
    });
  }
  return converted;
}
