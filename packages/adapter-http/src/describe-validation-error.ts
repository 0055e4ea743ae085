import type { ErrorObject } from 'ajv';

const typeWords: Record<string, string> = {
  string: 'a string',
  array: 'an array',
  object: 'an object',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean',
  null: 'null',
};

/** A short, safe rendering of the offending value: never the whole of a huge string back to the client. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return value.length > 40 ? `'${value.slice(0, 40)}…' (${value.length} characters)` : `'${value}'`;
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/** `/messages/2/content/0/type` -> `messages[2].content[0].type` (OpenAI's `param` style). */
export function toParamPath(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : path === '' ? segment : `${path}.${segment}`), '');
}

/** What went wrong, for one ajv error (compiled with `verbose` so `data` is the offending value). */
export interface ValidationProblem {
  /** OpenAI `param`: the field at fault, or null for the body itself. */
  param: string | null;
  /** A sentence saying what is wrong and what was received. */
  message: string;
}

/**
 * Turns the first ajv error into a sentence naming the field OpenAI-style, e.g.
 * "messages[2].role must be one of system, developer, user, assistant, tool, function (got 'robot')".
 */
export function describeValidationError(error: ErrorObject): ValidationProblem {
  const path = toParamPath(error.instancePath);
  const subject = path === '' ? 'the request body' : path;
  const got = `(got ${describeValue(error.data)})`;
  const params = error.params as Record<string, unknown>;
  const isRoleRule = error.schemaPath.includes('/allOf/');
  const role = (error.data as { role?: unknown } | null)?.role;
  switch (error.keyword) {
    case 'required': {
      const field = String(params.missingProperty);
      const param = path === '' ? field : `${path}.${field}`;
      const forRole = isRoleRule && typeof role === 'string' ? ` for role '${role.slice(0, 40)}'` : '';
      const unless = forRole !== '' && role === 'assistant' ? ' unless the message has tool_calls' : '';
      return { param, message: `${param} is required${forRole}${unless}` };
    }
    case 'type': {
      const expected = String(params.type).split(',').map((type) => typeWords[type] ?? type);
      if (path === '') return { param: null, message: `the request body must be a JSON object ${got}` };
      const isContent = /^messages\[\d+\]\.content$/.test(path);
      const words = expected.map((word) => (isContent && word === 'an array' ? 'an array of content parts' : word));
      const note = isRoleRule && error.data === null ? ' (null is allowed only for assistant messages with tool_calls)' : '';
      return { param: path, message: `${path} must be ${words.join(' or ')} ${got}${note}` };
    }
    case 'enum':
      return { param: path, message: `${subject} must be one of ${(params.allowedValues as unknown[]).join(', ')} ${got}` };
    case 'const':
      return { param: path, message: `${subject} must be '${String(params.allowedValue)}' ${got}` };
    case 'minimum':
    case 'maximum':
      return { param: path, message: `${subject} must be ${String(params.comparison)} ${String(params.limit)} ${got}` };
    case 'minLength':
      return { param: path, message: `${subject} must be a non-empty string` };
    case 'minItems':
      return { param: path, message: `${subject} must be a non-empty array` };
    case 'pattern':
      return { param: path, message: `${subject} must match ${String(params.pattern)} ${got}` };
    default:
      return { param: path === '' ? null : path, message: `${subject} ${error.message ?? 'is invalid'}` };
  }
}
