/**
 * Structural JSON Schema of `POST /v1/completions`: what the proxy relies on, so a malformed request gets a 400
 * naming the field. Unknown fields pass. Token-array prompts are refused by the parser with a clear message.
 */
export const completionRequestSchema = {
  type: 'object',
  required: ['model', 'prompt'],
  properties: {
    model: { type: 'string', minLength: 1, maxLength: 256 },
    prompt: { type: ['string', 'array'] },
    suffix: { type: ['string', 'null'] },
    max_tokens: { type: ['integer', 'null'], minimum: 0 },
    temperature: { type: ['number', 'null'], minimum: 0, maximum: 2 },
    top_p: { type: ['number', 'null'], minimum: 0, maximum: 1 },
    n: { type: ['integer', 'null'], minimum: 1 },
    best_of: { type: ['integer', 'null'], minimum: 0 },
    stream: { type: ['boolean', 'null'] },
    stream_options: { type: ['object', 'null'], properties: { include_usage: { type: 'boolean' } } },
    logprobs: { type: ['integer', 'null'], minimum: 0, maximum: 5 },
    echo: { type: ['boolean', 'null'] },
    stop: { type: ['string', 'array', 'null'], items: { type: 'string' } },
    user: { type: 'string' },
  },
} as const;
