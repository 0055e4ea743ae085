/** The Anthropic Messages dialect: `/v1/messages` for Claude Code and the Anthropic SDKs. */
export { anthropicMessagesDialect } from './anthropic-messages-dialect';
export { anthropicMessagesRequestSchema } from './anthropic-messages-request-schema';
export { parseAnthropicRequest } from './parse-anthropic-request';
export type { AnthropicRequestOptions } from './parse-anthropic-request';
export { normalizeAnthropicModelName } from './normalize-anthropic-model-name';
export { renderAnthropicError, renderAnthropicStreamError } from './render-anthropic-error';
export { renderAnthropicModel, renderAnthropicModelList } from './render-anthropic-models';
export type { AnthropicModelInfo, AnthropicModelList } from './render-anthropic-models';
export type {
  MessageCreateParams as AnthropicMessageCreateParams,
  Message as AnthropicMessage,
  AnthropicErrorBody,
  AnthropicErrorType,
} from './anthropic-messages-types';
