import { createAbortLink } from './create-abort-link';

describe('createAbortLink', () => {
  it('fires when the parent fires, once, with the parent reason', () => {
    const parent = new AbortController();
    const link = createAbortLink(parent.signal);
    const heard: unknown[] = [];
    link.signal.addEventListener('abort', () => heard.push(link.signal.reason));
    parent.abort('client left');
    parent.abort('again');
    expect(link.signal.aborted).toBe(true);
    expect(heard).toEqual(['client left']);
  });

  it('fires on its own abort without touching the parent, and starts aborted under an aborted parent', () => {
    const parent = new AbortController();
    const link = createAbortLink(parent.signal);
    link.abort();
    expect(link.signal.aborted).toBe(true);
    expect(link.signal.reason).toMatchObject({ code: 'request_aborted' });
    expect(parent.signal.aborted).toBe(false);

    parent.abort('gone');
    expect(createAbortLink(parent.signal).signal).toMatchObject({ aborted: true, reason: 'gone' });
  });

  it('stops following the parent once disposed', () => {
    const parent = new AbortController();
    const link = createAbortLink(parent.signal);
    const listener = jest.fn();
    link.signal.addEventListener('abort', listener);
    link.dispose();
    parent.abort();
    expect(link.signal.aborted).toBe(false);
    expect(listener).not.toHaveBeenCalled();
  });

  it('keeps its accessors on one shared prototype, not on each signal: one hidden class for every request (issue 9)', () => {
    const first = createAbortLink().signal;
    const second = createAbortLink().signal;
    expect(Object.getOwnPropertyDescriptor(first, 'aborted')).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(first, 'reason')).toBeUndefined();
    expect(Object.getPrototypeOf(first)).toBe(Object.getPrototypeOf(second));
  });
});
