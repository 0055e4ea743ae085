/**
 * Validates proxy output against OpenAI's official OpenAPI schemas, loaded once per test process with the
 * fix-ups shared/openai-openapi/README.md describes.
 */
import Ajv2020 from 'ajv/dist/2020';
import { readFileSync } from 'node:fs';
import path from 'node:path';

type SchemaName =
  | 'CreateChatCompletionResponse'
  | 'CreateChatCompletionStreamResponse'
  | 'CreateCompletionResponse'
  | 'CreateEmbeddingResponse'
  | 'ErrorResponse'
  | 'ListModelsResponse'
  | 'Model'
  | 'Response'
  | 'ResponseStreamEvent'
  | 'CreateResponse'
  // Not members of ResponseStreamEvent in this spec version, though the API sends them for custom tool calls.
  | 'ResponseCustomToolCallInputDeltaEvent'
  | 'ResponseCustomToolCallInputDoneEvent';

let ajv: Ajv2020 | undefined;

// The schemas we validate against, extracted from OpenAI's official spec by scripts/extract-openai-schemas.js
// (kept in the repo so tests do not depend on where shared/ sits; licence in OPENAI-SPEC-LICENSE).
const schemasFile = path.join(__dirname, 'openai-schemas.json');

// The spec still carries OpenAPI 3.0 `nullable`; Ajv 2020 rejects it without `type`, and enums need null.
function fixNullable(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(fixNullable);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  if (record.nullable === true) {
    if (Array.isArray(record.enum) && !record.enum.includes(null)) record.enum = [...record.enum, null];
    if (record.type === undefined) {
      delete record.nullable;
      // `nullable` beside `$ref`/`allOf`/`anyOf`/`oneOf` means "that schema, or null".
      const composite = ['$ref', 'allOf', 'anyOf', 'oneOf'].filter((keyword) => keyword in record);
      if (composite.length > 0) {
        const inner: Record<string, unknown> = {};
        for (const keyword of composite) {
          inner[keyword] = record[keyword];
          delete record[keyword];
        }
        record.anyOf = [inner, { type: 'null' }];
      }
    }
  }
  Object.values(record).forEach(fixNullable);
}

function getAjv(): Ajv2020 {
  if (ajv) return ajv;
  const spec = JSON.parse(readFileSync(schemasFile, 'utf8')) as { components: unknown };
  fixNullable(spec.components);
  // Formats (uri, date, the custom unixtime) say nothing about our responses' shape; skip them quietly.
  ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false, logger: false });
  ajv.addSchema({ $id: 'openai', components: spec.components });
  return ajv;
}

/** Returns the list of schema violations (empty when valid). */
export function openAISchemaErrors(schema: SchemaName, value: unknown): string[] {
  const validate = getAjv().getSchema(`openai#/components/schemas/${schema}`);
  if (!validate) throw new Error(`schema ${schema} not in spec`);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`);
}

/** Throws with the violations when `value` does not match `schema`. */
export function expectOpenAISchema(schema: SchemaName, value: unknown): void {
  const errors = openAISchemaErrors(schema, value);
  if (errors.length > 0) {
    throw new Error(`not a valid ${schema}:\n  ${errors.join('\n  ')}\n${JSON.stringify(value, null, 2).slice(0, 2000)}`);
  }
}

const customToolEventSchemas: Record<string, SchemaName> = {
  'response.custom_tool_call_input.delta': 'ResponseCustomToolCallInputDeltaEvent',
  'response.custom_tool_call_input.done': 'ResponseCustomToolCallInputDoneEvent',
};

/** Throws unless `event` is a valid Responses stream event (the spec's own schema for its `type`). */
export function expectResponseStreamEvent(event: unknown): void {
  const type = (event as { type?: unknown } | null)?.type;
  expectOpenAISchema(typeof type === 'string' && type in customToolEventSchemas ? (customToolEventSchemas[type] as SchemaName) : 'ResponseStreamEvent', event);
}
