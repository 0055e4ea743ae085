import type { ProxyObserver } from '../ports/proxy-observer';

/** One event a `RecordingObserver` received: which member was called, with what. */
export type RecordedObservation = {
  [Name in keyof ProxyObserver]: { type: Name; event: Parameters<ProxyObserver[Name]>[0] };
}[keyof ProxyObserver];

/** A `ProxyObserver` that keeps every event in order, so tests can assert what was reported (and that no key was). */
export interface RecordingObserver {
  /** Pass this wherever an observer is wanted. */
  observer: ProxyObserver;
  /** Every event, in the order received. */
  events: RecordedObservation[];
  /** The events of one kind, in order. */
  ofType<Name extends keyof ProxyObserver>(type: Name): Parameters<ProxyObserver[Name]>[0][];
}

/** Creates an observer that records every event of every kind. */
export function createRecordingObserver(): RecordingObserver {
  const events: RecordedObservation[] = [];
  const record =
    <Name extends keyof ProxyObserver>(type: Name) =>
    (event: Parameters<ProxyObserver[Name]>[0]): void => {
      events.push({ type, event } as RecordedObservation);
    };
  return {
    observer: {
      requestFinished: record('requestFinished'),
      upstreamAttempt: record('upstreamAttempt'),
      keyStateChanged: record('keyStateChanged'),
      tokensUsed: record('tokensUsed'),
      firstEvent: record('firstEvent'),
    },
    events,
    ofType: <Name extends keyof ProxyObserver>(type: Name) =>
      events.filter((entry) => entry.type === type).map((entry) => entry.event as Parameters<ProxyObserver[Name]>[0]),
  };
}
