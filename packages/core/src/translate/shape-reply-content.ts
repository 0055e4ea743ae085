import type { ChatCompletionCreateParams } from '../types/openai';

// A whole reply wrapped in one Markdown code fence, e.g. "```json\n{...}\n```".
const wholeCodeFence = /^\s*```[\w-]*[ \t]*\r?\n([\s\S]*?)\r?\n[ \t]*```\s*$/;

function readStopSequences(stop: unknown): string[] {
  const list = Array.isArray(stop) ? stop : [stop];
  return list.filter((sequence): sequence is string => typeof sequence === 'string' && sequence !== '');
}

/**
 * Applies the request's output constraints that AskSage cannot apply itself:
 * - `stop`: the text is cut before the first stop sequence, as OpenAI does (the sequence is not returned).
 *   AskSage has no stop field, so the model may write past it; agents that stop on "Observation:" rely on this.
 * - `response_format` json_object/json_schema: a reply wrapped in one Markdown code fence is unwrapped, because
 *   models often fence JSON despite the instruction and `JSON.parse` in the client would then fail.
 */
export function shapeReplyContent(content: string, request: Pick<ChatCompletionCreateParams, 'stop' | 'response_format'> | undefined): string {
  if (!request) return content;
  let shaped = content;
  const formatType = request.response_format?.type;
  if (formatType === 'json_object' || formatType === 'json_schema') {
    const fenced = wholeCodeFence.exec(shaped);
    if (fenced) shaped = fenced[1] ?? shaped;
  }
  const cutAt = readStopSequences(request.stop)
    .map((sequence) => shaped.indexOf(sequence))
    .filter((index) => index >= 0);
  return cutAt.length > 0 ? shaped.slice(0, Math.min(...cutAt)) : shaped;
}
