import { EventEmitter } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import type { Response } from 'express';
import { isProxyError } from '@asksage-proxy/core';
import { createRequestContext } from './create-request-context';

/** The part of Express' response the context reads: close, whether it finished, and the locals it writes. */
function fakeResponse(state: { writableFinished: boolean; destroyed?: boolean } = { writableFinished: false }): Response & EventEmitter {
  const response = Object.assign(new EventEmitter(), { locals: {}, socket: { destroyed: state.destroyed === true }, destroyed: state.destroyed === true });
  Object.defineProperty(response, 'writableFinished', { get: () => state.writableFinished });
  return response as unknown as Response & EventEmitter;
}

describe('createRequestContext', () => {
  it('fires the signal with request_aborted when the client closes before the response is complete', () => {
    const response = fakeResponse();
    const context = createRequestContext(response, 'req-1');
    expect(context.requestId).toBe('req-1');
    expect(context.signal?.aborted).toBe(false);
    response.emit('close');
    expect(context.signal?.aborted).toBe(true);
    const reason = context.signal?.reason;
    expect(isProxyError(reason) && reason.code).toBe('request_aborted');
  });

  it('does not fire when the response finished before the connection closed', () => {
    const state = { writableFinished: false };
    const response = fakeResponse(state);
    const context = createRequestContext(response, 'req-2');
    state.writableFinished = true;
    response.emit('close');
    expect(context.signal?.aborted).toBe(false);
  });

  it('starts aborted for a client that is gone already', () => {
    expect(createRequestContext(fakeResponse({ writableFinished: false, destroyed: true }), 'req-3').signal?.aborted).toBe(true);
  });

  // Issue 9: an AbortController per request gave every signal a hidden class of its own (Node builds AbortSignals as
  // EventTargets and then changes their prototype). V8 answers; the flag only lets the test ask.
  it('gives every request a signal of one shared hidden class', () => {
    setFlagsFromString('--allow-natives-syntax');
    const haveSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;
    const first = createRequestContext(fakeResponse(), 'a').signal as object;
    const second = createRequestContext(fakeResponse(), 'b').signal as object;
    expect(haveSameMap(first, second)).toBe(true);
  });
});
