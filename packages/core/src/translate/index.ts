/**
 * OpenAI <-> AskSage translation: requests to `/query` bodies, replies and errors to OpenAI shapes, and the
 * synthesized stream (AskSage answers in one piece).
 */
export { convertToAskSageQuery, defaultSystemPrompt } from './convert-to-asksage-query';
export type { ConvertToAskSageQueryOptions } from './convert-to-asksage-query';
export { renderAskSagePromptText } from './render-asksage-prompt-text';
export { interpretAskSageReply } from './interpret-asksage-reply';
export { createUpstreamHttpError } from './create-upstream-http-error';
export { classifyUpstreamFailure } from './classify-upstream-failure';
export type { UpstreamFailure } from './classify-upstream-failure';
export { convertToChatCompletion } from './convert-to-chat-completion';
export type { ConvertToChatCompletionOptions } from './convert-to-chat-completion';
export { createRoleChunk } from './create-role-chunk';
export type { ChunkMeta } from './create-role-chunk';
export { synthesizeChatCompletionChunks } from './synthesize-chat-completion-chunks';
export { splitTextPieces } from './split-text-pieces';
export type { SplitTextPiecesOptions } from './split-text-pieces';
export { parseGetModelsIds } from './parse-get-models-ids';
export { clampTemperature, defaultTemperature } from './clamp-temperature';
export { stripLeadingBlankLines } from './strip-leading-blank-lines';
