import type { Conversation } from './conversation';

// A whole reply wrapped in one Markdown code fence, e.g. "```json\n{...}\n```".
const wholeCodeFence = /^\s*```[\w-]*[ \t]*\r?\n([\s\S]*?)\r?\n[ \t]*```\s*$/;

/** The shaped text, and the stop sequence it was cut at, if any. */
export interface ConstrainedText {
  text: string;
  stopSequence?: string;
}

/**
 * Applies the output constraints AskSage cannot apply itself:
 * - stop sequences: the text is cut before the first one, as OpenAI and Anthropic do (the sequence is not returned).
 *   AskSage has no stop field, so the model may write past it; agents that stop on "Observation:" rely on this.
 * - a JSON reply format: a reply wrapped in one Markdown code fence is unwrapped, because models often fence JSON
 *   despite the instruction and `JSON.parse` in the client would then fail.
 */
export function applyOutputConstraints(content: string, conversation: Pick<Conversation, 'output' | 'sampling'>): ConstrainedText {
  let shaped = content;
  const formatType = conversation.output?.type;
  if (formatType === 'json_object' || formatType === 'json_schema') {
    const fenced = wholeCodeFence.exec(shaped);
    if (fenced) shaped = fenced[1] ?? shaped;
  }
  let cut: { index: number; sequence: string } | undefined;
  for (const sequence of conversation.sampling.stop ?? []) {
    if (sequence === '') continue;
    const index = shaped.indexOf(sequence);
    if (index >= 0 && (cut === undefined || index < cut.index)) cut = { index, sequence };
  }
  return cut === undefined ? { text: shaped } : { text: shaped.slice(0, cut.index), stopSequence: cut.sequence };
}
