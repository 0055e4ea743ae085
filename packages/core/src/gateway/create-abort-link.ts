import { ProxyError } from '../errors/proxy-error';
import type { AbortSignalLike } from '../ports/abort-signal-like';

/** A signal that fires when its parent fires or when `abort()` is called, whichever comes first. */
export interface AbortLink {
  /** Pass this to the upstream call and to sleeps. */
  readonly signal: AbortSignalLike;
  /** Fire the signal (idempotent) and detach from the parent. */
  abort(reason?: unknown): void;
  /** Detach from the parent without firing, once the work it guarded is over. */
  dispose(): void;
}

/**
 * The link's signal and the link itself in one object. A class, not an object literal with getters: V8 gives every
 * literal that defines accessors its own hidden class (descriptor array and accessor pairs included), about 1 KB per
 * request held for the life of a stream; instances of one class share theirs (issue 9, heap snapshot of 1,000 open
 * streams).
 */
class LinkedSignal implements AbortSignalLike, AbortLink {
  private listeners: Set<() => void> | undefined;
  private isAborted = false;
  private abortReason: unknown = undefined;
  private readonly onParentAbort: (() => void) | undefined;

  constructor(private readonly parent: AbortSignalLike | undefined) {
    if (parent === undefined) return;
    if (parent.aborted) {
      this.abort(parent.reason);
      return;
    }
    this.onParentAbort = () => this.abort(parent.reason);
    parent.addEventListener('abort', this.onParentAbort, { once: true });
  }

  get signal(): AbortSignalLike {
    return this;
  }

  get aborted(): boolean {
    return this.isAborted;
  }

  get reason(): unknown {
    return this.abortReason;
  }

  addEventListener(type: 'abort', listener: () => void): void {
    // Like a real AbortSignal, the event fires once, so every listener is effectively `once`.
    if (type !== 'abort' || this.isAborted) return;
    (this.listeners ??= new Set()).add(listener);
  }

  removeEventListener(type: 'abort', listener: () => void): void {
    if (type === 'abort') this.listeners?.delete(listener);
  }

  abort(cause?: unknown): void {
    if (this.isAborted) return;
    this.isAborted = true;
    this.abortReason = cause ?? new ProxyError('request_aborted', 'The request was cancelled before AskSage answered.');
    this.dispose();
    const toCall = this.listeners === undefined ? [] : [...this.listeners];
    this.listeners = undefined;
    for (const listener of toCall) listener();
  }

  dispose(): void {
    if (this.onParentAbort !== undefined) this.parent?.removeEventListener('abort', this.onParentAbort);
  }
}

/**
 * Links a cancellable signal to the request's own. Core has no AbortController (it compiles without DOM or Node
 * types), yet a streamed response must cancel its upstream call both when the client disconnects (the parent)
 * and when the consumer stops iterating (`abort()`). The signal is a plain object that satisfies AbortSignalLike,
 * which is all the upstream port promises to read.
 */
export function createAbortLink(parent?: AbortSignalLike): AbortLink {
  return new LinkedSignal(parent);
}
