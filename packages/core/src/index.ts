/**
 * @asksage-proxy/core — the pure middle of the proxy: a neutral conversation model, one module per API dialect,
 * AskSage protocol knowledge, the gateway (model resolution, key pool with failover, reply interpretation) and the
 * ports adapters implement. No Node built-ins, no I/O: time, randomness, ids, logging and the upstream enter through
 * ports. Curated surface: internals stay internal (see README.md for the three ways to use it).
 */

// The neutral middle.
export type { Conversation, Turn, ContentPart, TextPart, ImagePart, DocumentPart, ToolCallPart, ToolResultPart, ToolSpec, ToolChoice, OutputFormat, SamplingOptions } from './conversation/conversation';
export type { CompletionResult, ToolCall, FinishReason, Usage } from './conversation/completion-result';
export type { CompletionEvent, FinishEvent } from './conversation/completion-event';
export { applyOutputConstraints } from './conversation/apply-output-constraints';
export { repairOrphanedToolCalls } from './conversation/repair-orphaned-tool-calls';

// The gateway: the one use-case surface every dialect calls.
export type { Gateway, CompletionRequest, CompletionOutcome, CompletionStream, EmbeddingsRequest, EmbeddingsOutcome, HealthReport, RequestContext, RequestSummary } from './gateway/gateway';
export type { GatewayDependencies, GatewayOptions } from './gateway/gateway-dependencies';
export { createGateway } from './gateway/create-gateway';
export { withKeyFailover } from './gateway/with-key-failover';
export { createAbortLink } from './gateway/create-abort-link';
export type { AbortLink } from './gateway/create-abort-link';
// Passthrough: AskSage's own OpenAI/Anthropic-compatible surfaces, behind the same pool, catalog and failover.
export { createPassthroughGateway } from './gateway/create-passthrough-gateway';
export type { PassthroughGateway, PassthroughOutcome, PassthroughGatewayDependencies, PassthroughGatewayOptions } from './gateway/create-passthrough-gateway';
export { preparePassthroughBody, checkPassthroughBody, passthroughMaxTools, defaultAnthropicMaxTokens } from './passthrough/prepare-passthrough-body';
export type { PreparedPassthroughBody, PreparePassthroughOptions } from './passthrough/prepare-passthrough-body';
export { readPassthroughFailure, isAskSageEnvelope } from './passthrough/read-passthrough-failure';
export { inlinePassthroughImages } from './passthrough/inline-passthrough-images';
export type { InlinePassthroughImagesOptions, PassthroughImageUrls } from './passthrough/inline-passthrough-images';
export { sniffPassthroughStream } from './passthrough/sniff-passthrough-stream';
export type { SniffedPassthroughStream } from './passthrough/sniff-passthrough-stream';
export type { FailoverSettings, FailoverPolicy, FailoverRequest, FailoverResult, KeyAttempt } from './gateway/with-key-failover';
export { resolveModelRoute } from './gateway/resolve-model-route';
export type { ModelRoute } from './gateway/resolve-model-route';

// Dialects.
export type { Dialect, DialectRequest, DialectResponseMeta, DialectServices, RenderableError, SseFrame, SseFraming } from './dialects/dialect';
export { runDialectRequest } from './dialects/run-dialect-request';
export type { DialectReply } from './dialects/run-dialect-request';
export { openAIChatDialect } from './dialects/openai-chat/openai-chat-dialect';
export { parseChatRequest } from './dialects/openai-chat/parse-chat-request';
export type { ChatRequestOptions } from './dialects/openai-chat/parse-chat-request';
export { renderChatCompletion } from './dialects/openai-chat/render-chat-completion';
export { renderChatStream } from './dialects/openai-chat/render-chat-stream';
export { renderOpenAIError } from './dialects/openai-chat/render-openai-error';
export type { OpenAIErrorEnvelope, OpenAIErrorType } from './dialects/openai-chat/render-openai-error';
export { renderOpenAIModel, renderOpenAIModelList } from './dialects/openai-chat/render-openai-models';
export { convertToAskSageQuery } from './dialects/openai-chat/convert-to-asksage-query';
export type { ConvertToAskSageQueryOptions } from './dialects/openai-chat/convert-to-asksage-query';
export { convertToChatCompletion } from './dialects/openai-chat/convert-to-chat-completion';
export type { ConvertToChatCompletionOptions } from './dialects/openai-chat/convert-to-chat-completion';
export { openAICompletionsDialect } from './dialects/openai-completions/openai-completions-dialect';
export { parseCompletionRequest, readPrompts, continuationInstruction } from './dialects/openai-completions/parse-completion-request';
export type { CompletionRequestOptions } from './dialects/openai-completions/parse-completion-request';
export { runCompletionsRequest } from './dialects/openai-completions/run-completions-request';
export type { CompletionCreateParams, TextCompletion, CompletionChoice } from './dialects/openai-completions/completion-types';
export { runEmbeddingsRequest } from './dialects/openai-embeddings/run-embeddings-request';
export type { EmbeddingCreateParams, CreateEmbeddingResponse } from './dialects/openai-embeddings/run-embeddings-request';
export { embeddingsRequestSchema } from './dialects/openai-embeddings/embeddings-request-schema';
export { encodeFloat32Base64 } from './dialects/openai-embeddings/encode-float32-base64';
export type * from './types/openai';
export {
  anthropicMessagesDialect,
  parseAnthropicRequest,
  normalizeAnthropicModelName,
  renderAnthropicError,
  renderAnthropicModel,
  renderAnthropicModelList,
} from './dialects/anthropic-messages/index';
export type {
  AnthropicRequestOptions,
  AnthropicModelInfo,
  AnthropicModelList,
  AnthropicMessageCreateParams,
  AnthropicMessage,
  AnthropicErrorBody,
  AnthropicErrorType,
} from './dialects/anthropic-messages/index';

// AskSage protocol knowledge.
export type * from './types/asksage';
export { buildAskSageQuery, defaultSystemPrompt, defaultTemperature } from './asksage/build-asksage-query';
export type { BuildAskSageQueryOptions } from './asksage/build-asksage-query';
export { interpretAskSageReply } from './asksage/interpret-asksage-reply';
export { askSageFrameSeparator, createAskSageFrameReader } from './asksage/create-asksage-frame-reader';
export type { AskSageFrameRead, AskSageFrameReader } from './asksage/create-asksage-frame-reader';
export { interpretEmbeddingsReply } from './asksage/interpret-embeddings-reply';
export type { EmbeddingsReply } from './asksage/interpret-embeddings-reply';
export { readAskSageResult } from './asksage/read-asksage-result';
export type { ReadAskSageResultOptions } from './asksage/read-asksage-result';
export { renderAskSagePromptText } from './asksage/render-asksage-prompt-text';
export { synthesizeCompletionEvents } from './asksage/synthesize-completion-events';
export { classifyUpstreamFailure } from './asksage/classify-upstream-failure';
export type { UpstreamFailure } from './asksage/classify-upstream-failure';
export { createUpstreamHttpError } from './asksage/create-upstream-http-error';
export { parseGetModelsIds } from './asksage/parse-get-models-ids';
export { parseMonthlyTokenCount } from './asksage/parse-monthly-token-count';
export { checkApiKey } from './asksage/check-api-key';
export type { ApiKeyCheck } from './asksage/check-api-key';

// Images and documents (PDF): data: URLs decoded, URLs fetched through the ImageFetcher port, checked by magic bytes.
export { resolveAttachmentFiles, resolveImageFiles, collectAttachmentParts, collectImageParts, collectDocumentParts, defaultMaxImageBytes, defaultMaxDocumentBytes, defaultImageFetchConcurrency } from './images/resolve-attachment-files';
export type { ResolveAttachmentFilesOptions, ResolveImageFilesOptions, AttachmentPart } from './images/resolve-attachment-files';
export { nameDocumentFiles } from './images/name-document-files';
export { detectDocumentMediaType } from './images/detect-document-media-type';
export type { DocumentMediaType } from './images/detect-document-media-type';
export { detectAttachmentMediaType, attachmentRules } from './images/attachment-kind';
export type { AttachmentKind, AttachmentMediaType, AttachmentRules } from './images/attachment-kind';
export { detectImageMediaType } from './images/detect-image-media-type';
export type { ImageMediaType } from './images/detect-image-media-type';
export { shortenUrl } from './images/shorten-url';

// Ports, errors, key pool, model catalog.
export * from './ports/index';
export * from './errors/index';
export * from './redaction/index';
export * from './key-pool/index';
export * from './catalog/index';

// Usage and spend for the status page (an observer, month-to-date from AskSage, the report).
export * from './usage/index';
// Responses API: the dialect and its state.
export * from './dialects/openai-responses/index';
export * from './response-store/index';
