import type { RecordedBodyType } from './simulator-types';

// In form bodies every field is a string; these hold JSON (protocol doc §2.1, asksageclient `query()`).
const JSON_FIELDS = ['message', 'tools', 'tool_choice', 'enabled_mcp_tools', 'tools_to_execute', 'dataset'];
const NUMBER_FIELDS = ['temperature', 'live', 'limit_references', 'persona'];
const BOOLEAN_FIELDS = ['streaming', 'usage'];

/**
 * Turns a parsed `/query` body into AskSage's typed fields: form and multipart strings are JSON-decoded
 * and coerced, and `tools` sent as a JSON string inside a JSON body is accepted (the reference proxy does that).
 */
export function normalizeQueryFields(body: unknown, bodyType: RecordedBodyType): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return {};
  const fields = body as Record<string, unknown>;
  if (bodyType === 'form' || bodyType === 'multipart') {
    const normalized: Record<string, unknown> = { ...fields };
    for (const name of JSON_FIELDS) {
      const value = normalized[name];
      if (typeof value === 'string') normalized[name] = decodeJsonString(value, name === 'tool_choice' || name === 'message' || name === 'dataset');
    }
    for (const name of NUMBER_FIELDS) {
      const value = normalized[name];
      if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) normalized[name] = Number(value);
    }
    for (const name of BOOLEAN_FIELDS) {
      const value = normalized[name];
      if (typeof value === 'string') normalized[name] = value === 'true' || value === 'True' || value === '1';
    }
    return normalized;
  }
  if (typeof fields.tools === 'string') return { ...fields, tools: decodeJsonString(fields.tools, false) };
  return fields;
}

/** JSON-decodes a form field; plain text (a bare message, 'auto', 'none') stays text when `keepTextOnError`. */
function decodeJsonString(value: string, keepTextOnError: boolean): unknown {
  const first = value.trimStart()[0];
  if (first !== '[' && first !== '{' && first !== '"') return keepTextOnError ? value : undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return keepTextOnError ? value : undefined;
  }
}
