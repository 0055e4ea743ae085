import type { ScriptedToolCall } from './simulator-types';

/** A tool call as the simulator sends it (OpenAI layout: the native shape was never recorded, protocol doc §2.4). */
export interface SimulatedToolCall {
  id?: string;
  type: 'function';
  function: { name: string; arguments: string };
}

interface ToolDefinition {
  name: string;
  parameters: unknown;
}

let callCounter = 0;

/** A `call_…` id; cheap (no crypto) and unique within the process. */
export function createToolCallId(): string {
  callCounter += 1;
  return `call_${callCounter.toString(36)}${Math.random().toString(36).slice(2, 12)}`;
}

/**
 * The tool calls AskSage would return for this request, or undefined for a text answer.
 * A call is made when tools are present, `tool_choice` is not "none", and either a call is forced
 * ("required" or `{type:'function', function:{name}}`) or the conversation has no `gpt` turn yet
 * (so an agent loop that feeds the result back gets text and ends).
 */
export function decideToolCalls(fields: Record<string, unknown>): SimulatedToolCall[] | undefined {
  const tools = readToolDefinitions(fields.tools);
  if (tools.length === 0) return undefined;
  const choice = fields.tool_choice;
  if (choice === 'none') return undefined;
  const forcedName = readForcedName(choice);
  const forced = choice === 'required' || forcedName !== undefined;
  if (!forced && hasAssistantTurn(fields.message)) return undefined;
  const tool = (forcedName !== undefined ? tools.find((candidate) => candidate.name === forcedName) : undefined) ?? tools[0];
  const name = forcedName ?? (tool as ToolDefinition).name;
  const parameters = tool && tool.name === name ? tool.parameters : undefined;
  return [{ id: createToolCallId(), type: 'function', function: { name, arguments: JSON.stringify(buildSampleArguments(parameters)) } }];
}

/** Turns `script` fault calls into wire calls. */
export function buildScriptedToolCalls(calls: ScriptedToolCall[]): SimulatedToolCall[] {
  return calls.map((call) => ({
    id: call.id ?? createToolCallId(),
    type: 'function',
    function: {
      name: call.name,
      arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments ?? {}),
    },
  }));
}

/** Arguments that satisfy a JSON schema's declared properties: strings "Chicago", numbers 1, booleans true. */
export function buildSampleArguments(schema: unknown): unknown {
  if (!schema || typeof schema !== 'object') return {};
  const node = schema as { type?: unknown; properties?: unknown; enum?: unknown; items?: unknown };
  if (Array.isArray(node.enum) && node.enum.length > 0) return node.enum[0];
  const type = Array.isArray(node.type) ? node.type[0] : node.type;
  if (type === 'object' || (type === undefined && node.properties && typeof node.properties === 'object')) {
    const result: Record<string, unknown> = {};
    for (const [name, property] of Object.entries((node.properties ?? {}) as Record<string, unknown>)) {
      result[name] = buildSampleArguments(property);
    }
    return result;
  }
  if (type === 'number' || type === 'integer') return 1;
  if (type === 'boolean') return true;
  if (type === 'array') return node.items ? [buildSampleArguments(node.items)] : [];
  if (type === 'null') return null;
  return 'Chicago';
}

function readToolDefinitions(tools: unknown): ToolDefinition[] {
  if (!Array.isArray(tools)) return [];
  const definitions: ToolDefinition[] = [];
  for (const tool of tools) {
    if (!tool || typeof tool !== 'object') continue;
    // OpenAI's nested form is what clients send; the 2.0 spec's flat {name, parameters} is accepted too (protocol doc §2.2).
    const candidate = tool as { function?: { name?: unknown; parameters?: unknown }; name?: unknown; parameters?: unknown };
    const source = candidate.function && typeof candidate.function === 'object' ? candidate.function : candidate;
    if (typeof source.name === 'string') definitions.push({ name: source.name, parameters: source.parameters });
  }
  return definitions;
}

function readForcedName(choice: unknown): string | undefined {
  if (!choice || typeof choice !== 'object') return undefined;
  const forced = choice as { function?: { name?: unknown }; name?: unknown };
  if (typeof forced.function?.name === 'string') return forced.function.name;
  return typeof forced.name === 'string' ? forced.name : undefined;
}

function hasAssistantTurn(message: unknown): boolean {
  return Array.isArray(message) && message.some((turn) => (turn as { user?: unknown } | null)?.user === 'gpt');
}
