import express from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ProxyError } from '@asksage-proxy/core';
import type { BodyBudget } from './create-body-budget';
import { findExcessiveNesting } from './find-excessive-nesting';
import { parseJsonBody } from './parse-json-body';
import { HttpRequestError } from './http-request-error';
import { canReadIdentityBody, readIdentityBody } from './read-identity-body';

const sendJsonHint = 'send the body as JSON with the header Content-Type: application/json';

/**
 * Checks the Content-Type. OpenAI SDKs always send application/json; curl users often forget `-H`, so a missing
 * Content-Type is read as JSON too. Anything else (text/plain, forms, multipart) is refused with 415.
 */
function assertJsonContentType(header: string | undefined): void {
  if (header === undefined || header.trim() === '') return;
  const [mediaType = '', ...parameters] = header.split(';').map((part) => part.trim().toLowerCase());
  const isJson = mediaType === 'application/json' || /^[a-z0-9.+-]+\/[a-z0-9.+-]+\+json$/.test(mediaType);
  if (!isJson) {
    throw new HttpRequestError('unsupported_media_type', `Content-Type '${mediaType.slice(0, 100)}' is not supported; ${sendJsonHint}`);
  }
  const charset = parameters.find((parameter) => parameter.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new HttpRequestError('unsupported_media_type', `charset '${charset.slice(0, 40)}' is not supported; send the JSON body as UTF-8`);
  }
}

/** body-parser's failures (http-errors with a `type`) -> ProxyError, so they render as OpenAI envelopes. */
function toBodyReadError(error: unknown, maxBodyBytes: number): ProxyError | HttpRequestError {
  const type = (error as { type?: unknown } | null)?.type;
  switch (type) {
    case 'entity.too.large':
      return new ProxyError('payload_too_large', `the request body is larger than the proxy's limit of ${maxBodyBytes} bytes; send less, or raise max_body_mb in the proxy's config.yaml (ASKSAGE_PROXY_MAX_BODY_MB)`);
    case 'encoding.unsupported':
      return new HttpRequestError('unsupported_media_type', 'the Content-Encoding is not supported; send the body uncompressed, gzip, deflate or br');
    case 'request.aborted':
      return new ProxyError('request_aborted', 'the client closed the connection while sending the body');
    default:
      return new ProxyError('invalid_request', 'the request body could not be read (length or encoding does not match the headers)', { cause: error });
  }
}

/**
 * The JSON body reader of POST routes: our own instead of express.json so that invalid UTF-8, syntax errors
 * and oversize bodies all become OpenAI envelopes naming the problem. Sets `request.body` to the parsed value.
 */
export function createJsonBodyReader(maxBodyBytes: number, budget: BodyBudget): RequestHandler {
  const readRaw = express.raw({ type: () => true, limit: maxBodyBytes });
  return (request: Request, response: Response, next: NextFunction): void => {
    assertJsonContentType(request.headers['content-type']);
    // Reserve what the body may take before reading it (the declared length, else the limit), held until the
    // response is done, since the parsed request lives until its answer is sent.
    const declared = Number(request.headers['content-length']);
    let reserved = Number.isFinite(declared) && declared >= 0 ? Math.min(declared, maxBodyBytes) : maxBodyBytes;
    if (!budget.reserve(reserved)) {
      throw new HttpRequestError('proxy_overloaded', 'the proxy is holding too many large requests right now; retry in a few seconds', { retryAfterSeconds: 2 });
    }
    response.once('close', () => budget.release(reserved));
    const onBody = (error: unknown, raw: unknown): void => {
      if (error !== undefined && error !== null) {
        next(toBodyReadError(error, maxBodyBytes));
        return;
      }
      const bytes = Buffer.isBuffer(raw) ? raw : new Uint8Array(0);
      budget.release(reserved - bytes.length);
      reserved = bytes.length;
      try {
        request.body = parseJsonBody(bytes);
      } catch (parseError) {
        next(parseError);
        return;
      }
      const deepAt = findExcessiveNesting(request.body, maxNestingDepth);
      if (deepAt !== undefined) {
        next(new ProxyError('invalid_request', `${deepAt === '' ? 'the request body' : deepAt} is nested more than ${maxNestingDepth} levels deep`, { param: deepAt === '' ? null : deepAt }));
        return;
      }
      next();
    };
    // Plain bodies (what every SDK sends) are read directly; compressed ones through body-parser's inflation.
    if (canReadIdentityBody(request)) readIdentityBody(request, maxBodyBytes, onBody);
    else readRaw(request, response, (error?: unknown) => onBody(error, request.body));
  };
}

/** Deeper JSON than any real request needs (tool schemas included), and far below what serialization can handle. */
const maxNestingDepth = 100;
