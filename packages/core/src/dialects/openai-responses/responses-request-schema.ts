/**
 * JSON Schema of a `POST /v1/responses` body, as data (adapter-http compiles it once). Structural checks only, so
 * errors name the exact path; the converter checks meanings. Unknown fields are allowed: clients send many the proxy
 * ignores (`include`, `prompt_cache_key`, `client_metadata`, `service_tier`, `truncation`, …).
 */
export const responsesRequestSchema = {
  type: 'object',
  required: ['model'],
  properties: {
    model: { type: 'string', minLength: 1 },
    instructions: { type: ['string', 'null'] },
    input: {
      anyOf: [
        { type: 'string' },
        { type: 'array', items: { type: 'object' } },
      ],
    },
    tools: { type: ['array', 'null'], items: { type: 'object', required: ['type'], properties: { type: { type: 'string' } } } },
    tool_choice: { anyOf: [{ type: 'string', enum: ['auto', 'none', 'required'] }, { type: 'object' }, { type: 'null' }] },
    parallel_tool_calls: { type: ['boolean', 'null'] },
    stream: { type: ['boolean', 'null'] },
    store: { type: ['boolean', 'null'] },
    temperature: { type: ['number', 'null'] },
    top_p: { type: ['number', 'null'] },
    max_output_tokens: { type: ['integer', 'null'] },
    previous_response_id: { type: ['string', 'null'] },
    reasoning: { type: ['object', 'null'] },
    text: { type: ['object', 'null'] },
    metadata: { type: ['object', 'null'] },
    user: { type: ['string', 'null'] },
  },
} as const;
