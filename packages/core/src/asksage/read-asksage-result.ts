import { applyOutputConstraints } from '../conversation/apply-output-constraints';
import type { CompletionResult } from '../conversation/completion-result';
import type { Conversation } from '../conversation/conversation';
import type { IdGenerator } from '../ports/id-generator';
import type { TokenCounter } from '../ports/token-counter';
import type { AskSageQueryResponse } from '../types/asksage';
import { readAskSageToolCalls } from './read-asksage-tool-calls';
import { readAskSageUsage } from './read-asksage-usage';
import { stripLeadingBlankLines } from './strip-leading-blank-lines';

/** Options of `readAskSageResult`. */
export interface ReadAskSageResultOptions {
  /** For tool-call ids missing upstream. */
  ids: IdGenerator;
  /** Counts tokens when AskSage sends no usage. */
  tokenCounter?: TokenCounter;
  /** What was sent upstream (see `renderAskSagePromptText`), for counting input tokens. */
  promptText?: string;
  /** The request's output constraints (stop sequences, reply format), which AskSage cannot apply. */
  conversation?: Pick<Conversation, 'output' | 'sampling'>;
}

/** The reply text: `message`, or a real text in `response` (which is the status word "OK" on success, protocol doc §2.3). */
export function readAskSageText(reply: AskSageQueryResponse): string {
  if (typeof reply.message === 'string') return reply.message;
  if (reply.message === undefined || reply.message === null) {
    if (typeof reply.response === 'string' && reply.response !== 'OK') return reply.response;
  }
  return '';
}

/**
 * An interpreted AskSage reply (see `interpretAskSageReply`) -> the neutral result: text minus AskSage's leading
 * blank lines with the request's output constraints applied; tool calls from `tool_calls` or `tool_calls_unified`;
 * usage from AskSage's model tokens, else counted, else absent.
 */
export function readAskSageResult(reply: AskSageQueryResponse, options: ReadAskSageResultOptions): CompletionResult {
  const raw = stripLeadingBlankLines(readAskSageText(reply));
  const { text, stopSequence } = options.conversation ? applyOutputConstraints(raw, options.conversation) : { text: raw, stopSequence: undefined };
  const toolCalls = readAskSageToolCalls(reply, options.ids);
  const completionText = [text, ...toolCalls.map((call) => `${call.name}${call.arguments}`)].join('\n');
  const usage = readAskSageUsage({ usage: reply.usage, tokenCounter: options.tokenCounter, promptText: options.promptText, completionText });
  const result: CompletionResult = { text, toolCalls, finishReason: toolCalls.length > 0 ? 'tool_calls' : 'stop' };
  if (usage !== undefined) result.usage = usage;
  if (stopSequence !== undefined) result.stopSequence = stopSequence;
  return result;
}
