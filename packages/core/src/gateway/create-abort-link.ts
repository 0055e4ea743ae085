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
 * Links a cancellable signal to the request's own. Core has no AbortController (it compiles without DOM or Node
 * types), yet a streamed response must cancel its upstream call both when the client disconnects (the parent)
 * and when the consumer stops iterating (`abort()`). The signal is a plain object that satisfies AbortSignalLike,
 * which is all the upstream port promises to read.
 */
export function createAbortLink(parent?: AbortSignalLike): AbortLink {
  const listeners = new Set<() => void>();
  let aborted = false;
  let reason: unknown;

  const onParentAbort = (): void => abort(parent?.reason);

  function dispose(): void {
    parent?.removeEventListener('abort', onParentAbort);
  }

  function abort(cause?: unknown): void {
    if (aborted) return;
    aborted = true;
    reason = cause ?? new ProxyError('request_aborted', 'The request was cancelled before AskSage answered.');
    dispose();
    const toCall = [...listeners];
    listeners.clear();
    for (const listener of toCall) listener();
  }

  const signal: AbortSignalLike = {
    get aborted() {
      return aborted;
    },
    get reason() {
      return reason;
    },
    addEventListener(type, listener) {
      // Like a real AbortSignal, the event fires once, so every listener is effectively `once`.
      if (type === 'abort' && !aborted) listeners.add(listener);
    },
    removeEventListener(type, listener) {
      if (type === 'abort') listeners.delete(listener);
    },
  };

  if (parent?.aborted === true) abort(parent.reason);
  else parent?.addEventListener('abort', onParentAbort, { once: true });

  return { signal, abort, dispose };
}
