import type { ProxyErrorCode } from '../errors/proxy-error-code';

/** A failure's code as observers see it: core's `ProxyErrorCode`, or an HTTP layer's own (`invalid_api_key`, …). */
export type ObservedErrorCode = ProxyErrorCode | (string & Record<never, never>);
import type { KeyState } from '../key-pool/key-status';

/** How one request or upstream attempt ended. `aborted`: the client went away; `error`: any other failure. */
export type ObservedOutcome = 'success' | 'error' | 'aborted';

/** One client request the gateway finished, successfully or not. */
export interface RequestFinishedEvent {
  /** Correlates with the request's log lines. */
  requestId: string;
  /** The dialect that served it (`openai-chat`, `anthropic-messages`, …): the route, for labels. */
  dialect: string;
  /** The model as the client named it; unbounded (any string a client sends), so collapse unknown ones in labels. */
  requestedModel: string;
  /** The resolved AskSage model id; absent when resolution failed. */
  model?: string;
  /** Whether the client asked for a stream. */
  stream: boolean;
  /** How it ended. */
  outcome: ObservedOutcome;
  /**
   * The failure's code (never a message: messages may quote the client); absent on success. Core's `ProxyErrorCode`,
   * or, for a request the HTTP layer refused before the gateway saw it, that layer's own code (`invalid_api_key`,
   * `unsupported_media_type`, …): a short fixed set either way.
   */
  code?: ObservedErrorCode;
  /** Name of the key that produced the answer (or the last key tried); absent when no key was picked. */
  key?: string;
  /** Upstream attempts made (failovers included). */
  attempts: number;
  /** Whole request, from the gateway's start to its last event or its error, in ms measured with the Clock port. */
  durationMs: number;
}

/** One upstream call made with one key, within a request's failover loop. */
export interface UpstreamAttemptEvent {
  /** Correlates with the request. */
  requestId: string;
  /** The dialect that served the request. */
  dialect: string;
  /** The resolved AskSage model id. */
  model: string;
  /** Name of the key used (never the key). */
  key: string;
  /** 1 for the first attempt of the request, 2 after one failover, … */
  attempt: number;
  /** Whether it was a streamed upstream call. */
  stream: boolean;
  /** How it ended. */
  outcome: ObservedOutcome;
  /** The failure's code; absent on success. */
  code?: ProxyErrorCode;
  /** The failure's verdict on the key (`invalid`, `rate_limited`, `failure`); absent when the key was not to blame. */
  keyVerdict?: 'invalid' | 'rate_limited' | 'failure';
  /** From the call's start to its answer (a stream: to its first event, or its failure), ms via the Clock port. */
  durationMs: number;
}

/** What happened to a key. */
export type KeyStateChange =
  /** AskSage rejected the key as invalid: out until `until`. */
  | 'invalid'
  /** The key was rate limited: cooling down for `cooldownMs`. */
  | 'cooling_down'
  /** `consecutiveFailures` transient failures in a row opened the key's circuit for `cooldownMs`. */
  | 'circuit_open'
  /** The probe through a recovering circuit failed: the circuit opens again for `cooldownMs`. */
  | 'circuit_reopened'
  /** This replica sends the one probe request through the key's open or half-open circuit. */
  | 'probing'
  /** A success closed the key's circuit. */
  | 'circuit_closed'
  /** A free recheck found an invalid key accepted by AskSage again: back in rotation. */
  | 'restored';

/**
 * A key's health changed because of something this replica saw. An outage that simply ends with time is not an
 * event: read the pool's snapshot for the current state (a gauge).
 */
export interface KeyStateChangedEvent {
  /** The key's name (never the key). */
  key: string;
  /** What happened. */
  change: KeyStateChange;
  /** State just before. */
  previousState: KeyState;
  /** State just after (an invalid key stays `invalid` even when a rate limit or a failure is reported on it). */
  state: KeyState;
  /** When it happened, ms epoch (the Clock port). */
  at: number;
  /** The code of the failure that caused it; absent for `probing`, `circuit_closed` and `restored`. */
  code?: ProxyErrorCode;
  /** When the key is usable again, ms epoch, for `invalid` (at the latest: a recheck may bring it back sooner). */
  until?: number;
  /** When the next free recheck of the key is due, ms epoch, for `invalid` when the pool rechecks invalid keys. */
  recheckAt?: number;
  /** How long the key stays out, for `cooling_down`, `circuit_open` and `circuit_reopened`. */
  cooldownMs?: number;
  /** The failure streak that opened the circuit, for `circuit_open` and `circuit_reopened`. */
  consecutiveFailures?: number;
}

/** Tokens one request used, once they are known (from AskSage's usage, or counted offline). */
export interface TokensUsedEvent {
  /** Correlates with the request. */
  requestId: string;
  /** The dialect that served it. */
  dialect: string;
  /** The resolved AskSage model id. */
  model: string;
  /** Name of the key the tokens were billed to. */
  key: string;
  /** Prompt tokens. */
  inputTokens: number;
  /** Completion tokens. */
  outputTokens: number;
  /** AskSage's billing tokens, when it reported them. */
  asksageTokens?: number;
  /** Whether the counts came from the upstream or were counted offline. */
  source: 'upstream' | 'estimated';
}

/** A stream's first event reached the dialect: the time to first token. */
export interface FirstEventEvent {
  /** Correlates with the request. */
  requestId: string;
  /** The dialect that served it. */
  dialect: string;
  /** The resolved AskSage model id. */
  model: string;
  /** Name of the key whose stream produced it. */
  key: string;
  /** From the gateway's start of the request to the first event, ms via the Clock port (failovers included). */
  latencyMs: number;
}

/**
 * What the proxy reports for metrics and operational logs (Prometheus, the status page, key-state log lines).
 * Every event names keys by name, never by secret. Members are called synchronously on the request path: an
 * observer must be quick and must not throw (it records, and does any I/O later or elsewhere).
 * Compose several with `combineObservers`; `noopObserver` is the default.
 */
export interface ProxyObserver {
  /** A client request finished (after its last byte was produced, or its error). */
  requestFinished(event: RequestFinishedEvent): void;
  /** An upstream call with one key ended. */
  upstreamAttempt(event: UpstreamAttemptEvent): void;
  /** A key was taken out, probed or brought back (emitted by the key pool). */
  keyStateChanged(event: KeyStateChangedEvent): void;
  /** A request's token usage became known. */
  tokensUsed(event: TokensUsedEvent): void;
  /** A stream produced its first event. */
  firstEvent(event: FirstEventEvent): void;
}

/** An observer that ignores everything: the default when none is configured. */
export const noopObserver: ProxyObserver = {
  requestFinished: () => undefined,
  upstreamAttempt: () => undefined,
  keyStateChanged: () => undefined,
  tokensUsed: () => undefined,
  firstEvent: () => undefined,
};

/**
 * One observer that forwards every event to each of `observers` in order; a subscriber may implement only the
 * events it cares about. If one throws, the others still receive the event and the first error is rethrown
 * afterwards, so a broken subscriber is loud in tests yet cannot starve the others.
 */
export function combineObservers(...observers: readonly Partial<ProxyObserver>[]): ProxyObserver {
  function forward<Name extends keyof ProxyObserver>(name: Name): ProxyObserver[Name] {
    const subscribers = observers.filter((observer) => observer[name] !== undefined);
    const handler = (event: never): void => {
      let failure: { error: unknown } | undefined;
      for (const observer of subscribers) {
        try {
          // Called as a method, so an observer written as a class keeps its `this`.
          (observer[name] as (this: Partial<ProxyObserver>, event: never) => void).call(observer, event);
        } catch (error) {
          failure ??= { error };
        }
      }
      if (failure !== undefined) throw failure.error;
    };
    return handler as ProxyObserver[Name];
  }
  return {
    requestFinished: forward('requestFinished'),
    upstreamAttempt: forward('upstreamAttempt'),
    keyStateChanged: forward('keyStateChanged'),
    tokensUsed: forward('tokensUsed'),
    firstEvent: forward('firstEvent'),
  };
}
