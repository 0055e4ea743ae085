import type { IncomingMessage } from 'node:http';
import { finished } from 'node:stream';

/** A failed read, typed as body-parser types its errors so one mapping serves both readers. */
export interface BodyReadFailure {
  type: 'entity.too.large' | 'request.aborted' | 'request.size.invalid' | 'stream.error';
  cause?: unknown;
}

/**
 * True when `readIdentityBody` can read this request: an uncompressed body that is still to come. Anything else
 * (gzip/deflate/br bodies, no body at all, a request whose socket is already gone) goes through body-parser.
 */
export function canReadIdentityBody(request: IncomingMessage): boolean {
  const encoding = request.headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return false;
  const hasBody = request.headers['transfer-encoding'] !== undefined || request.headers['content-length'] !== undefined;
  return hasBody && request.readable && request.socket?.readable === true;
}

/**
 * Reads an uncompressed request body into one Buffer with raw-body's rules, which `express.raw` applied here before:
 * a declared Content-Length over `limit` or more bytes than `limit` fail with `entity.too.large`, a body shorter or
 * longer than its Content-Length with `request.size.invalid`, a client that goes away with `request.aborted`. On a
 * failure the rest of the body is read and dropped before `callback` runs, so the error answer is not cut off by a
 * reset. Without body-parser's layers (type and charset detection, iconv, http-errors, on-finished) on the hot path:
 * profiled under HTTPS load (issue 9).
 */
export function readIdentityBody(request: IncomingMessage, limit: number, callback: (failure: BodyReadFailure | undefined, body: Buffer) => void): void {
  const declaredHeader = request.headers['content-length'];
  const declared = declaredHeader === undefined ? Number.NaN : Number.parseInt(declaredHeader, 10);
  const length = Number.isNaN(declared) ? undefined : declared;
  const chunks: Buffer[] = [];
  let received = 0;
  let complete = false;

  const cleanup = (): void => {
    request.off('aborted', onAborted);
    request.off('data', onData);
    request.off('end', onEnd);
    request.off('error', onError);
    request.off('close', cleanup);
  };
  const fail = (failure: BodyReadFailure): void => {
    complete = true;
    cleanup();
    chunks.length = 0;
    // What body-parser does: drain the rest, then answer.
    request.resume();
    finished(request, () => callback(failure, Buffer.alloc(0)));
  };
  function onAborted(): void {
    if (!complete) fail({ type: 'request.aborted' });
  }
  function onData(chunk: Buffer): void {
    if (complete) return;
    received += chunk.length;
    if (received > limit) fail({ type: 'entity.too.large' });
    else chunks.push(chunk);
  }
  function onEnd(): void {
    if (complete) return;
    if (length !== undefined && received !== length) {
      fail({ type: 'request.size.invalid' });
      return;
    }
    complete = true;
    cleanup();
    callback(undefined, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received));
  }
  function onError(error: unknown): void {
    if (!complete) fail({ type: 'stream.error', cause: error });
  }

  if (length !== undefined && length > limit) {
    // raw-body answers on the next tick; nothing has been read yet.
    process.nextTick(() => fail({ type: 'entity.too.large' }));
    return;
  }
  request.on('aborted', onAborted);
  request.on('close', cleanup);
  request.on('data', onData);
  request.on('end', onEnd);
  request.on('error', onError);
}
