/** The roles OpenAI's Chat Completions API accepts (`function` is the legacy one, still sent by old clients). */
export const messageRoles = ['system', 'developer', 'user', 'assistant', 'tool', 'function'] as const;

const nullable = (schema: Record<string, unknown>): Record<string, unknown> => ({ ...schema, type: [schema.type, 'null'] });

const contentPartSchema = {
  type: 'object',
  required: ['type'],
  properties: { type: { type: 'string', minLength: 1 } },
  // A text part without text would reach AskSage as an empty prompt; say so here, with the field's path.
  if: { properties: { type: { const: 'text' } } },
  then: { required: ['text'], properties: { text: { type: 'string' } } },
};

const toolCallSchema = {
  type: 'object',
  required: ['id', 'type', 'function'],
  properties: {
    id: { type: 'string' },
    type: { type: 'string' },
    function: {
      type: 'object',
      required: ['name', 'arguments'],
      properties: { name: { type: 'string' }, arguments: { type: 'string' } },
    },
  },
};

const messageSchema = {
  type: 'object',
  required: ['role'],
  properties: {
    role: { type: 'string', enum: messageRoles },
    content: { type: ['string', 'array', 'null'], items: contentPartSchema },
    name: { type: 'string' },
    tool_call_id: { type: 'string' },
    tool_calls: { type: 'array', items: toolCallSchema },
  },
  // ajv checks allOf before required/properties, so each role rule applies only once the role is known.
  allOf: [
    {
      if: { required: ['role'], properties: { role: { enum: ['system', 'developer', 'user', 'tool'] } } },
      then: { required: ['content'], properties: { content: { type: ['string', 'array'] } } },
    },
    { if: { required: ['role'], properties: { role: { const: 'tool' } } }, then: { required: ['tool_call_id'] } },
    { if: { required: ['role'], properties: { role: { const: 'function' } } }, then: { required: ['name', 'content'] } },
    {
      // content may be null or absent only when the assistant turn carries the calls it made.
      if: {
        required: ['role'],
        properties: { role: { const: 'assistant' }, content: { type: 'null' } },
        not: { anyOf: [{ required: ['function_call'] }, { required: ['tool_calls'] }] },
      },
      then: { required: ['content'], properties: { content: { type: ['string', 'array'] } } },
    },
  ],
};

const toolSchema = {
  type: 'object',
  required: ['type', 'function'],
  properties: {
    type: { type: 'string', const: 'function' },
    function: {
      type: 'object',
      required: ['name'],
      properties: {
        name: { type: 'string', pattern: '^[a-zA-Z0-9_-]{1,64}$' },
        description: { type: 'string' },
        parameters: { type: 'object' },
      },
    },
  },
};

/**
 * Structural JSON Schema of `POST /v1/chat/completions`: only what the proxy relies on, so a malformed request
 * gets a 400 naming the field instead of failing deep inside translation. Unknown top-level fields pass (OpenAI
 * adds parameters often; translation decides what AskSage can honour). Never recursive, so hostile nesting in
 * free-form fields (tool `parameters`, unknown fields) costs nothing to validate.
 */
export const chatCompletionRequestSchema = {
  type: 'object',
  required: ['model', 'messages'],
  properties: {
    // Real ids are a few dozen characters; a bound keeps hostile names out of lookups and messages.
    model: { type: 'string', minLength: 1, maxLength: 256 },
    messages: { type: 'array', minItems: 1, items: messageSchema },
    stream: { type: ['boolean', 'null'] },
    stream_options: nullable({ type: 'object', properties: { include_usage: { type: 'boolean' } } }),
    temperature: { type: ['number', 'null'], minimum: 0, maximum: 2 },
    top_p: { type: ['number', 'null'], minimum: 0, maximum: 1 },
    n: { type: ['integer', 'null'], minimum: 1 },
    max_tokens: { type: ['integer', 'null'], minimum: 1 },
    max_completion_tokens: { type: ['integer', 'null'], minimum: 1 },
    stop: { type: ['string', 'array', 'null'], items: { type: 'string' } },
    logprobs: { type: ['boolean', 'null'] },
    top_logprobs: { type: ['integer', 'null'], minimum: 0, maximum: 20 },
    logit_bias: nullable({ type: 'object', additionalProperties: { type: 'number' } }),
    presence_penalty: { type: ['number', 'null'], minimum: -2, maximum: 2 },
    frequency_penalty: { type: ['number', 'null'], minimum: -2, maximum: 2 },
    seed: { type: ['integer', 'null'] },
    user: { type: 'string' },
    parallel_tool_calls: { type: ['boolean', 'null'] },
    reasoning_effort: { type: ['string', 'null'] },
    response_format: nullable({ type: 'object', required: ['type'], properties: { type: { type: 'string' } } }),
    modalities: { type: ['array', 'null'], items: { type: 'string' } },
    web_search_options: nullable({ type: 'object' }),
    tools: { type: ['array', 'null'], items: toolSchema },
    tool_choice: {
      type: ['string', 'object', 'null'],
      if: { type: 'string' },
      then: { enum: ['none', 'auto', 'required'] },
      else: {
        required: ['type', 'function'],
        properties: {
          type: { type: 'string', const: 'function' },
          function: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
        },
      },
    },
  },
} as const;
