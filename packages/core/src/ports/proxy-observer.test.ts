import { createRecordingObserver } from '../testing/recording-observer';
import type { KeyStateChangedEvent, ProxyObserver, TokensUsedEvent } from './proxy-observer';
import { combineObservers, noopObserver } from './proxy-observer';

const keyEvent: KeyStateChangedEvent = { key: 'key_1', change: 'cooling_down', previousState: 'healthy', state: 'cooling_down', at: 0, cooldownMs: 5_000 };
const tokens: TokensUsedEvent = { requestId: 'req_1', dialect: 'openai-chat', model: 'gpt-4o', key: 'key_1', inputTokens: 3, outputTokens: 5, source: 'upstream' };

describe('combineObservers', () => {
  it('forwards every kind of event to each observer, in order, skipping members a subscriber does not have', () => {
    const order: string[] = [];
    const tagged = (tag: string): Partial<ProxyObserver> => ({ keyStateChanged: (event) => order.push(`${tag}:${event.change}`) });
    const recording = createRecordingObserver();
    const combined = combineObservers(tagged('first'), recording.observer, tagged('last'));
    combined.keyStateChanged(keyEvent);
    combined.tokensUsed(tokens);
    combined.requestFinished({ requestId: 'req_1', dialect: 'openai-chat', requestedModel: 'gpt-4o', stream: false, outcome: 'success', attempts: 1, durationMs: 12 });
    combined.upstreamAttempt({ requestId: 'req_1', dialect: 'openai-chat', model: 'gpt-4o', key: 'key_1', attempt: 1, stream: false, outcome: 'success', durationMs: 10 });
    combined.firstEvent({ requestId: 'req_1', dialect: 'openai-chat', model: 'gpt-4o', key: 'key_1', latencyMs: 4 });
    expect(order).toEqual(['first:cooling_down', 'last:cooling_down']);
    expect(recording.events.map((entry) => entry.type)).toEqual(['keyStateChanged', 'tokensUsed', 'requestFinished', 'upstreamAttempt', 'firstEvent']);
    expect(recording.ofType('keyStateChanged')).toEqual([keyEvent]);
    expect(recording.ofType('tokensUsed')).toEqual([tokens]);
  });

  it('calls a subscriber as a method, so a class-based observer keeps `this`', () => {
    class Counter {
      seen = 0;
      keyStateChanged(): void {
        this.seen += 1;
      }
    }
    const counter = new Counter();
    combineObservers(counter).keyStateChanged(keyEvent);
    expect(counter.seen).toBe(1);
  });

  it('still notifies the others when one throws, then rethrows the first error', () => {
    const recording = createRecordingObserver();
    const combined = combineObservers(
      { tokensUsed: () => { throw new Error('first broken'); } },
      { tokensUsed: () => { throw new Error('second broken'); } },
      recording.observer,
    );
    expect(() => combined.tokensUsed(tokens)).toThrow('first broken');
    expect(recording.ofType('tokensUsed')).toEqual([tokens]);
  });

  it('with no observers, and the no-op observer, accept every event', () => {
    expect(() => combineObservers().firstEvent({ requestId: 'r', dialect: 'd', model: 'm', key: 'k', latencyMs: 1 })).not.toThrow();
    expect(() => noopObserver.keyStateChanged(keyEvent)).not.toThrow();
  });
});
