import type { FinishReason, Usage } from './completion-result';

/**
 * One step of a streamed completion. Every upstream path produces these (synthesized from a whole reply, read from
 * AskSage's `@|@sep@|@` frames, or read from a passthrough) and every dialect renders them. Modelled on vercel/ai's
 * `LanguageModelV3StreamPart`. A failure is not an event: the iterator throws a `ProxyError`, and the dialect
 * renders it in-band.
 *
 * Order: text deltas and tool calls in any order (a tool call's `tool-call-start` precedes its deltas), then exactly
 * one `finish`, last.
 */
export type CompletionEvent =
  | { type: 'text-delta'; delta: string }
  | { type: 'tool-call-start'; index: number; id: string; name: string }
  | { type: 'tool-call-delta'; index: number; delta: string }
  | { type: 'finish'; finishReason: FinishReason; usage?: Usage; stopSequence?: string };

/** The `finish` event. */
export type FinishEvent = Extract<CompletionEvent, { type: 'finish' }>;
