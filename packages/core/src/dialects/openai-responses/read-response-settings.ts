import { ProxyError } from '../../errors/proxy-error';
import type { OutputFormat, SamplingOptions } from '../../conversation/conversation';

// OpenAI's effort scale -> the neutral one (AskSage's low/medium/high plus minimal); "none" asks for no reasoning.
const effortByName: Record<string, SamplingOptions['reasoningEffort'] | null> = {
  none: null,
  minimal: 'minimal',
  low: 'low',
  medium: 'medium',
  high: 'high',
  xhigh: 'high',
};

function readNumber(body: Record<string, unknown>, field: string, min: number, max: number, integer = false): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw new ProxyError('invalid_request', `${field} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}; got ${JSON.stringify(value)}.`, { param: field });
  }
  return value;
}

/** `temperature`, `top_p`, `max_output_tokens` and `reasoning.effort` -> sampling options. */
export function readSampling(body: Record<string, unknown>): SamplingOptions {
  const sampling: SamplingOptions = {};
  const temperature = readNumber(body, 'temperature', 0, 2);
  if (temperature !== undefined) sampling.temperature = temperature;
  const topP = readNumber(body, 'top_p', 0, 1);
  if (topP !== undefined) sampling.topP = topP;
  const maxTokens = readNumber(body, 'max_output_tokens', 1, Number.MAX_SAFE_INTEGER, true);
  if (maxTokens !== undefined) sampling.maxTokens = maxTokens;
  const effort = (body.reasoning as { effort?: unknown } | null | undefined)?.effort;
  if (effort !== undefined && effort !== null) {
    if (typeof effort !== 'string' || !Object.hasOwn(effortByName, effort)) {
      throw new ProxyError('invalid_request', `reasoning.effort must be one of ${Object.keys(effortByName).join(', ')}; got ${JSON.stringify(effort)}.`, { param: 'reasoning.effort' });
    }
    const mapped = effortByName[effort];
    if (mapped) sampling.reasoningEffort = mapped;
  }
  return sampling;
}

/**
 * `text.format` -> the requested reply format. AskSage cannot constrain decoding, so the gateway instructs the model
 * and unwraps a fenced reply, as for chat's `response_format`.
 */
export function readTextFormat(text: unknown): OutputFormat | undefined {
  if (text === undefined || text === null) return undefined;
  if (typeof text !== 'object' || Array.isArray(text)) throw new ProxyError('invalid_request', 'text must be an object such as {"format": {"type": "text"}}.', { param: 'text' });
  const format = (text as { format?: unknown }).format as Record<string, unknown> | undefined | null;
  if (format === undefined || format === null) return undefined;
  switch (format.type) {
    case 'text':
      return { type: 'text' };
    case 'json_object':
      return { type: 'json_object' };
    case 'json_schema': {
      if (!format.schema || typeof format.schema !== 'object') {
        throw new ProxyError('invalid_request', 'text.format.schema must be a JSON Schema object.', { param: 'text.format.schema' });
      }
      return {
        type: 'json_schema',
        name: typeof format.name === 'string' ? format.name : undefined,
        schema: format.schema,
        description: typeof format.description === 'string' ? format.description : undefined,
        strict: typeof format.strict === 'boolean' ? format.strict : undefined,
      };
    }
    default:
      throw new ProxyError('unsupported_parameter', `text.format.type ${JSON.stringify(format.type)} is not supported; use text, json_object or json_schema.`, { param: 'text.format.type' });
  }
}

/** `metadata` echoed: string values only, as the API defines it. */
export function readMetadata(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value) || !Object.values(value).every((entry) => typeof entry === 'string')) {
    throw new ProxyError('invalid_request', 'metadata must be an object whose values are strings.', { param: 'metadata' });
  }
  return value as Record<string, string>;
}
