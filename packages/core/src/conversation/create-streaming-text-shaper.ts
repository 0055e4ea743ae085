import { stripLeadingBlankLines } from '../asksage/strip-leading-blank-lines';
import type { Conversation } from './conversation';

/** Shapes streamed text the way the whole reply is shaped, without waiting for the whole reply. */
export interface StreamingTextShaper {
  /** Takes new upstream text; returns what may be sent now ('' while held back). */
  push(text: string): string;
  /** The upstream text ended: returns what was still held back. */
  end(): string;
  /** The stop sequence the text was cut at, once one was found. */
  readonly stopSequence: string | undefined;
  /** Everything returned so far. */
  readonly emitted: string;
}

/**
 * The incremental twin of `stripLeadingBlankLines` + the stop-sequence cut of `applyOutputConstraints`, so a native
 * stream sends byte for byte what the non-streamed answer holds. Leading blank lines are held until real text
 * arrives; the tail that could still begin a stop sequence is held until it cannot (a sequence found is only
 * trusted once no longer sequence could start before it). Reply formats that need the whole text (JSON code-fence
 * unwrapping) are not handled here: the gateway does not stream those natively.
 */
export function createStreamingTextShaper(conversation: Pick<Conversation, 'sampling'>): StreamingTextShaper {
  const stops = (conversation.sampling.stop ?? []).filter((sequence) => sequence !== '');
  const longest = stops.reduce((max, sequence) => Math.max(max, sequence.length), 0);
  let raw = '';
  let text = '';
  let started = false;
  let emitted = '';
  let stopSequence: string | undefined;
  let stopped = false;

  function release(ended: boolean): string {
    if (stopped) return '';
    let cut: { index: number; sequence: string } | undefined;
    for (const sequence of stops) {
      const index = text.indexOf(sequence);
      if (index >= 0 && (cut === undefined || index < cut.index)) cut = { index, sequence };
    }
    const safe = ended ? text.length : Math.max(emitted.length, text.length - Math.max(0, longest - 1));
    if (cut !== undefined && (ended || cut.index < safe)) {
      stopped = true;
      stopSequence = cut.sequence;
      return take(cut.index);
    }
    return take(cut === undefined ? safe : Math.min(safe, cut.index));
  }

  function take(end: number): string {
    // Never end a piece between the two halves of a surrogate pair (a half emoji would reach the client alone).
    const code = text.charCodeAt(end - 1);
    const upTo = end < text.length && code >= 0xd800 && code <= 0xdbff ? end - 1 : end;
    if (upTo <= emitted.length) return '';
    const piece = text.slice(emitted.length, upTo);
    emitted += piece;
    return piece;
  }

  return {
    push(delta: string): string {
      if (stopped || delta === '') return '';
      if (started) {
        text += delta;
      } else {
        raw += delta;
        // Until something other than blank lines arrives, the whole prefix may still be stripped.
        if (raw.trim() === '') return '';
        started = true;
        text = stripLeadingBlankLines(raw);
      }
      return release(false);
    },
    end(): string {
      if (!started) {
        started = true;
        text = stripLeadingBlankLines(raw);
      }
      return release(true);
    },
    get stopSequence() {
      return stopSequence;
    },
    get emitted() {
      return emitted;
    },
  };
}
