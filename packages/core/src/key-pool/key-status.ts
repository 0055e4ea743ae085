/** Health state of one pooled key. */
export type KeyState = 'healthy' | 'cooling_down' | 'circuit_open' | 'half_open' | 'invalid';

/** Public view of one key: safe to print (no secret). */
export interface KeyStatus {
  /** The key's configured name (`key_1`… by default). */
  name: string;
  /** Configured weight. */
  weight: number;
  /** Current state. */
  state: KeyState;
  /** When the key becomes usable again (ms epoch), if it is out. */
  availableAt?: number;
  /** For an invalid key whose rechecks are on: when the next free recheck is due (ms epoch; past while one runs). */
  recheckAt?: number;
  /** Consecutive transient failures counted toward the circuit breaker. */
  consecutiveFailures: number;
  /** Requests sent with this key. */
  requests: number;
  /** Failed requests with this key. */
  failures: number;
  /** Last failure code, if any. */
  lastError?: string;
  /** What an operator should do about the key, when it is out for a reason only they can fix. */
  action?: string;
}
