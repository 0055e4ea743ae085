/**
 * The part of the standard AbortSignal that core needs. Declared here because core compiles
 * without DOM or Node types; a real AbortSignal satisfies it structurally.
 */
export interface AbortSignalLike {
  /** True once the caller has given up on the result. */
  readonly aborted: boolean;
  /** Why it was aborted, when known. */
  readonly reason?: unknown;
  /** Subscribe to the abort event. */
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  /** Unsubscribe from the abort event. */
  removeEventListener(type: 'abort', listener: () => void): void;
}
