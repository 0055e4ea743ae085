import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { findRoutes } from './http-routes';
import type { RouteSpec } from './route-spec';
import { HttpRequestError } from './http-request-error';

/** Hashing first gives equal-length buffers, so timingSafeEqual neither throws nor leaks the key's length. */
function digestOf(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** True for the probes (`GET /`, `/health`, `/version`) that must work without a key. */
function isPublicRoute(routes: readonly RouteSpec[], request: Request): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const matching = findRoutes(routes, request.path);
  return matching.length > 0 && matching.every((route) => route.isPublic);
}

/**
 * The keys a client sent: `Authorization: Bearer` (OpenAI clients) and `x-api-key` (Anthropic clients). Some clients
 * send both, one of them a placeholder, so either may carry the proxy key.
 */
function readSentKeys(request: Request): string[] {
  const sent: string[] = [];
  const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '');
  if (bearer !== null) sent.push(bearer[1]?.trim() ?? '');
  const apiKey = request.headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey.trim() !== '') sent.push(apiKey.trim());
  return sent;
}

/**
 * Inbound authentication against `proxy_api_keys`, sent as `Authorization: Bearer` or `x-api-key`. With no keys configured every request passes and any
 * Authorization header is ignored (OpenAI SDKs insist on sending some key). The sent token is never echoed.
 */
export function createInboundAuthMiddleware(proxyApiKeys: readonly string[], routes: readonly RouteSpec[]): RequestHandler {
  const digests = proxyApiKeys.map(digestOf);
  return (request: Request, response: Response, next: NextFunction): void => {
    if (digests.length === 0 || request.method === 'OPTIONS' || isPublicRoute(routes, request)) {
      next();
      return;
    }
    const sentKeys = readSentKeys(request);
    // Compare against every key without early exit, so the time taken says nothing about which one is close.
    const isValid = sentKeys.map(digestOf).reduce((found, sent) => digests.reduce((match, digest) => timingSafeEqual(digest, sent) || match, false) || found, false);
    if (isValid) {
      next();
      return;
    }
    response.setHeader('WWW-Authenticate', 'Bearer');
    const problem = sentKeys.length === 0 ? 'no API key was sent (expected the header Authorization: Bearer <key>, or x-api-key: <key>)' : 'the API key sent is not accepted by this proxy';
    throw new HttpRequestError('invalid_api_key', `${problem}; set your client's API key to one of the proxy_api_keys configured for this proxy`);
  };
}
