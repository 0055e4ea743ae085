import { ProxyError } from '../errors/proxy-error';

const jsonObjectInstruction = 'Reply with a single valid JSON object and nothing else: no prose, no Markdown code fences.';

/**
 * `response_format` -> an instruction appended to the system prompt, or '' for text.
 * AskSage has no structured-output switch, so the proxy asks the model in words. That is best effort (no
 * constrained decoding), but it keeps JSON-mode and structured-output clients (LangChain, `parse()` helpers)
 * working instead of failing every call; the reply is checked by the client as usual.
 */
export function buildResponseFormatInstruction(responseFormat: unknown): string {
  if (responseFormat === undefined || responseFormat === null) return '';
  const { type, json_schema: jsonSchema } = responseFormat as { type?: unknown; json_schema?: unknown };
  if (type === 'text') return '';
  if (type === 'json_object') return jsonObjectInstruction;
  if (type !== 'json_schema') {
    throw new ProxyError('unsupported_parameter', `response_format.type ${JSON.stringify(type)} is not supported; use text, json_object or json_schema.`, { param: 'response_format.type' });
  }
  if (!jsonSchema || typeof jsonSchema !== 'object') {
    throw new ProxyError('invalid_request', 'response_format.json_schema must be an object with a name and a schema.', { param: 'response_format.json_schema' });
  }
  const { name, schema } = jsonSchema as { name?: unknown; schema?: unknown };
  if (schema === undefined || schema === null) return jsonObjectInstruction;
  const label = typeof name === 'string' && name !== '' ? ` named "${name}"` : '';
  return `Reply with a single JSON value and nothing else (no prose, no Markdown code fences). It must conform to this JSON Schema${label}:\n${JSON.stringify(schema)}`;
}
