import type { IdGenerator } from '../ports/id-generator';
import type { TokenCounter } from '../ports/token-counter';
import type { AskSageQueryResponse } from '../types/asksage';
import type { ChatCompletion, ChatCompletionCreateParams, ChatCompletionMessage } from '../types/openai';
import { convertToolCalls } from './convert-tool-calls';
import { readCompletionUsage } from './read-completion-usage';
import { shapeReplyContent } from './shape-reply-content';
import { stripLeadingBlankLines } from './strip-leading-blank-lines';

/** Options of convertToChatCompletion. */
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
  /**
   * The original request, so the reply honours `stop` and `response_format` (which AskSage cannot apply).
   * Optional: without it the text is returned as AskSage sent it.
   */
  request?: Pick<ChatCompletionCreateParams, 'stop' | 'response_format'>;
}

function readText(reply: AskSageQueryResponse): string {
  if (typeof reply.message === 'string') return reply.message;
  // `response` is the status word "OK" on success (protocol doc §2.3); only a real text there is content.
  if (reply.message === undefined || reply.message === null) {
    if (typeof reply.response === 'string' && reply.response !== 'OK') return reply.response;
  }
  return '';
}

/**
 * An interpreted AskSage reply -> OpenAI ChatCompletion. Content is `message` minus AskSage's leading blank
 * lines; tool calls come from `tool_calls` or `tool_calls_unified`; usage from AskSage's model tokens, else
 * counted, else omitted.
 */
export function convertToChatCompletion(reply: AskSageQueryResponse, options: ConvertToChatCompletionOptions): ChatCompletion {
  const text = shapeReplyContent(stripLeadingBlankLines(readText(reply)), options.request);
  const toolCalls = convertToolCalls(reply, options.ids);
  const message: ChatCompletionMessage = { role: 'assistant', content: text, refusal: null };
  if (toolCalls.length > 0) {
    // OpenAI sends `content: null` next to tool calls; some clients test for null, not for ''.
    if (text.trim() === '') message.content = null;
    message.tool_calls = toolCalls;
  }
  const completion: ChatCompletion = {
    id: options.id,
    object: 'chat.completion',
    created: options.created,
    model: options.model,
    choices: [{ index: 0, message, finish_reason: toolCalls.length > 0 ? 'tool_calls' : 'stop', logprobs: null }],
  };
  const completionText = [text, ...toolCalls.map((call) => `${call.function.name}${call.function.arguments}`)].join('\n');
  const usage = readCompletionUsage({ usage: reply.usage, tokenCounter: options.tokenCounter, promptText: options.promptText, completionText });
  if (usage) completion.usage = usage;
  return completion;
}
