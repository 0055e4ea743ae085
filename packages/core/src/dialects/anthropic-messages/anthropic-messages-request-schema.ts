/**
 * A string or an array of typed blocks. A type list rather than `anyOf`: `items` applies only to arrays, so a block
 * without `type` is reported at its own path (`messages[0].content[1].type is required`), not as "must be a string".
 */
const contentSchema = {
  type: ['string', 'array'],
  items: { type: 'object', required: ['type'], properties: { type: { type: 'string' } } },
} as const;

/**
 * JSON Schema of `POST /v1/messages` (and `/v1/messages/count_tokens`), compiled once by adapter-http. Structural
 * checks only, so the error names the exact path (`messages[1].content[0].type`); the converter checks meaning.
 * `additionalProperties` stays open everywhere: Claude Code sends fields the public API does not document
 * (`context_management`, `output_config`, `cache_control` on blocks), and a 400 makes it retry six times and give
 * up (shared/docs/clients.md). `max_tokens` is optional here because count_tokens has none; a reply is never
 * longer for it, AskSage has no length cap to pass it to.
 */
export const anthropicMessagesRequestSchema = {
  type: 'object',
  required: ['model', 'messages'],
  properties: {
    model: { type: 'string', minLength: 1 },
    messages: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['role', 'content'],
        properties: {
          role: { type: 'string' },
          content: contentSchema,
        },
      },
    },
    max_tokens: { type: 'integer', minimum: 1 },
    system: contentSchema,
    stream: { type: 'boolean' },
    temperature: { type: 'number', minimum: 0, maximum: 1 },
    top_p: { type: 'number', minimum: 0, maximum: 1 },
    top_k: { type: 'integer', minimum: 0 },
    stop_sequences: { type: 'array', items: { type: 'string' } },
    tools: { type: 'array', items: { type: 'object' } },
    tool_choice: { type: 'object', required: ['type'], properties: { type: { type: 'string' } } },
    thinking: { type: 'object', required: ['type'], properties: { type: { type: 'string' } } },
    metadata: { type: 'object' },
  },
} as const;
