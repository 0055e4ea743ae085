import { setFlagsFromString } from 'node:v8';
import { createAbortLink } from '@asksage-proxy/core';
import { createCallControl } from './create-call-control';

const settings = { connectTimeoutMs: 0, timeoutMs: 0 };

describe('createCallControl', () => {
  it('fires its signal when the caller goes away, and says so', () => {
    const caller = createAbortLink();
    const control = createCallControl({ callerSignal: caller.signal, ...settings });
    const fired: string[] = [];
    control.signal.addEventListener('abort', () => fired.push('abort'));
    expect(control.context()).toEqual({ aborted: false });
    caller.abort();
    expect(control.signal.aborted).toBe(true);
    expect(fired).toEqual(['abort']);
    expect(control.context()).toEqual({ aborted: true });
    control.dispose();
  });

  it('starts aborted for a caller that is gone already', () => {
    const caller = createAbortLink();
    caller.abort();
    const control = createCallControl({ callerSignal: caller.signal, connectTimeoutMs: 0, timeoutMs: 60_000 });
    expect(control.signal.aborted).toBe(true);
    expect(control.context()).toEqual({ aborted: true });
    control.dispose();
  });

  it('tells a total timeout from the caller going away, and leaves no listener on the caller once disposed', async () => {
    const added: unknown[] = [];
    const removed: unknown[] = [];
    const caller = {
      aborted: false,
      addEventListener: (_type: 'abort', listener: () => void) => added.push(listener),
      removeEventListener: (_type: 'abort', listener: () => void) => removed.push(listener),
    };
    const control = createCallControl({ callerSignal: caller, connectTimeoutMs: 0, timeoutMs: 5 });
    await new Promise<void>((resolve) => control.signal.addEventListener('abort', () => resolve()));
    expect(control.context()).toEqual({ aborted: false, timedOut: { phase: 'total', afterMs: 5 } });
    control.dispose();
    expect(added).toHaveLength(1);
    expect(removed).toContain(added[0]);
  });

  // Issue 9: an AbortController per call gave every signal a hidden class of its own (Node builds AbortSignals as
  // EventTargets and then changes their prototype). V8 answers; the flag only lets the test ask.
  it('gives every call a signal of one shared hidden class, not an AbortSignal of its own shape', () => {
    setFlagsFromString('--allow-natives-syntax');
    const haveSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;
    const [first, second] = [createCallControl({ callerSignal: undefined, ...settings }), createCallControl({ callerSignal: undefined, ...settings })];
    expect(haveSameMap(first.signal, second.signal)).toBe(true);
    first.dispose();
    second.dispose();
  });
});
