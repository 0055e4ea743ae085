import { createHash, timingSafeEqual } from 'node:crypto';
import { ProxyError } from '@asksage-proxy/core';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { findEndpoints } from './http-endpoints';

/** Hashing first gives equal-length buffers, so timingSafeEqual neither throws nor leaks the key's length. */
function digestOf(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** True for the probes (`GET /`, `/health`, `/version`) that must work without a key. */
function isPublicRoute(request: Request): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const endpoints = findEndpoints(request.path);
  return endpoints.length > 0 && endpoints.every((endpoint) => endpoint.isPublic);
}

/**
 * Inbound authentication against `proxy_api_keys`. With no keys configured every request passes and any
 * Authorization header is ignored (OpenAI SDKs insist on sending some key). The sent token is never echoed.
 */
export function createInboundAuthMiddleware(proxyApiKeys: readonly string[]): RequestHandler {
  const digests = proxyApiKeys.map(digestOf);
  return (request: Request, response: Response, next: NextFunction): void => {
    if (digests.length === 0 || request.method === 'OPTIONS' || isPublicRoute(request)) {
      next();
      return;
    }
    const match = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '');
    const sent = digestOf(match?.[1]?.trim() ?? '');
    // Compare against every key without early exit, so the time taken says nothing about which one is close.
    const isValid = digests.reduce((found, digest) => timingSafeEqual(digest, sent) || found, false);
    if (match !== null && isValid) {
      next();
      return;
    }
    response.setHeader('WWW-Authenticate', 'Bearer');
    const problem = match === null ? 'no API key was sent (expected the header Authorization: Bearer <key>)' : 'the API key sent is not accepted by this proxy';
    throw new ProxyError('invalid_api_key', `${problem}; set your client's API key to one of the proxy_api_keys configured for this proxy`);
  };
}
