import { readAskSageResult } from '../../asksage/read-asksage-result';
import type { IdGenerator } from '../../ports/id-generator';
import type { TokenCounter } from '../../ports/token-counter';
import type { AskSageQueryResponse } from '../../types/asksage';
import type { ChatCompletion, ChatCompletionCreateParams } from '../../types/openai';
import { parseChatRequest } from './parse-chat-request';
import { renderChatCompletion } from './render-chat-completion';

/** Options of `convertToChatCompletion`. */
export interface ConvertToChatCompletionOptions {
  /** 'chatcmpl-…' */
  id: string;
  /** Unix seconds. */
  created: number;
  /** Model id to report (the resolved one). */
  model: string;
  /** For tool-call ids missing upstream. */
  ids: IdGenerator;
  /** Counts tokens when AskSage sends no usage; prompt text is what was sent upstream. */
  tokenCounter?: TokenCounter;
  /** What was sent upstream (see renderAskSagePromptText). */
  promptText?: string;
  /** The original request, so the reply honours `stop` and `response_format` (which AskSage cannot apply). */
  request?: Pick<ChatCompletionCreateParams, 'stop' | 'response_format'>;
}

/**
 * An interpreted AskSage reply -> OpenAI ChatCompletion, for library users: `readAskSageResult` then
 * `renderChatCompletion`.
 */
export function convertToChatCompletion(reply: AskSageQueryResponse, options: ConvertToChatCompletionOptions): ChatCompletion {
  const conversation = options.request
    ? parseChatRequest({ model: options.model, messages: [{ role: 'user', content: '' }], ...options.request }).conversation
    : undefined;
  const result = readAskSageResult(reply, { ids: options.ids, tokenCounter: options.tokenCounter, promptText: options.promptText, conversation });
  return renderChatCompletion(result, { id: options.id, created: options.created, model: options.model });
}
