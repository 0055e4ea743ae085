import { buildAskSageQuery } from '../../asksage/build-asksage-query';
import type { BuildAskSageQueryOptions } from '../../asksage/build-asksage-query';
import type { AskSageQuery } from '../../types/asksage';
import type { ChatCompletionCreateParams } from '../../types/openai';
import { parseChatRequest } from './parse-chat-request';

/** Options of `convertToAskSageQuery`: the resolved model and AskSage-side choices. */
export type ConvertToAskSageQueryOptions = BuildAskSageQueryOptions;

/**
 * OpenAI chat request -> AskSage `/query` body, for library users: `parseChatRequest` then `buildAskSageQuery`.
 * Throws `ProxyError` ('invalid_request' | 'unsupported_content' | 'unsupported_parameter') naming the `param`.
 */
export function convertToAskSageQuery(params: ChatCompletionCreateParams, options: ConvertToAskSageQueryOptions): AskSageQuery {
  return buildAskSageQuery(parseChatRequest(params).conversation, options);
}
