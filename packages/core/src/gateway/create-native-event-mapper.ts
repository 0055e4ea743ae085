import type { AskSageFrameRead } from '../asksage/create-asksage-frame-reader';
import { readAskSageToolCalls } from '../asksage/read-asksage-tool-calls';
import { readAskSageUsage } from '../asksage/read-asksage-usage';
import type { CompletionEvent } from '../conversation/completion-event';
import type { Conversation } from '../conversation/conversation';
import { createStreamingTextShaper } from '../conversation/create-streaming-text-shaper';
import type { IdGenerator } from '../ports/id-generator';
import type { TokenCounter } from '../ports/token-counter';
import type { Usage } from '../conversation/completion-result';
import type { ProxyError } from '../errors/proxy-error';

/** Options of `createNativeEventMapper`. */
export interface NativeEventMapperOptions {
  conversation: Pick<Conversation, 'sampling'>;
  ids: IdGenerator;
  tokenCounter?: TokenCounter;
  /** What was sent upstream, for counting input tokens when AskSage reports none. */
  promptText: string;
}

/** Frame reads in, neutral events out, for one native stream. */
export interface NativeEventMapper {
  /** Events for these reads, up to an error read, whose `ProxyError` is then in `failure`. */
  map(reads: readonly AskSageFrameRead[]): CompletionEvent[];
  /** The error AskSage reported, once an error read came: the stream cannot go on. */
  readonly failure: ProxyError | undefined;
  /** True once the final envelope was read (the `finish` event was produced). */
  readonly finished: boolean;
  /** True when the final text did not continue what was streamed (the caller falls back for this model). */
  readonly textMismatch: boolean;
  /** Usage of the finished stream, for observers. */
  readonly usage: Usage | undefined;
}

/**
 * Turns AskSage's streamed frames into the same events a synthesized stream has: text deltas shaped as the whole
 * reply is (leading blank lines, stop sequences), then from the authoritative final envelope the text the deltas
 * did not carry, the tool calls, usage and one `finish`.
 */
export function createNativeEventMapper(options: NativeEventMapperOptions): NativeEventMapper {
  const shaper = createStreamingTextShaper(options.conversation);
  let finished = false;
  let textMismatch = false;
  let usage: Usage | undefined;
  let failure: ProxyError | undefined;

  function text(delta: string, events: CompletionEvent[]): void {
    if (delta !== '') events.push({ type: 'text-delta', delta });
  }

  return {
    map(reads) {
      const events: CompletionEvent[] = [];
      for (const read of reads) {
        if (finished || failure !== undefined) break;
        if (read.type === 'error') {
          failure = read.error;
          break;
        }
        if (read.type === 'text-delta') {
          text(shaper.push(read.delta), events);
          continue;
        }
        textMismatch = read.textMismatch;
        if (!textMismatch) text(shaper.push(read.remainingText), events);
        text(shaper.end(), events);
        const toolCalls = readAskSageToolCalls(read.reply, options.ids);
        toolCalls.forEach((call, index) => {
          events.push({ type: 'tool-call-start', index, id: call.id, name: call.name });
          events.push({ type: 'tool-call-delta', index, delta: call.arguments });
        });
        const completionText = [shaper.emitted, ...toolCalls.map((call) => `${call.name}${call.arguments}`)].join('\n');
        usage = readAskSageUsage({ usage: read.reply.usage, tokenCounter: options.tokenCounter, promptText: options.promptText, completionText });
        const finish: CompletionEvent = { type: 'finish', finishReason: toolCalls.length > 0 ? 'tool_calls' : 'stop' };
        if (usage !== undefined) finish.usage = usage;
        if (shaper.stopSequence !== undefined) finish.stopSequence = shaper.stopSequence;
        events.push(finish);
        finished = true;
      }
      return events;
    },
    get finished() {
      return finished;
    },
    get failure() {
      return failure;
    },
    get textMismatch() {
      return textMismatch;
    },
    get usage() {
      return usage;
    },
  };
}
