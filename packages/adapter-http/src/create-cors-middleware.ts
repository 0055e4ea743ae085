import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { allowedMethodsOf } from './http-routes';
import type { RouteSpec } from './route-spec';

const defaultAllowedHeaders = 'authorization, x-api-key, anthropic-version, anthropic-beta, content-type, x-request-id';

/**
 * CORS for browser clients (the OpenAI JS SDK with `dangerouslyAllowBrowser`, web UIs). Which origins may call is
 * decided before this runs (`createBrowserGuardMiddleware` sets `Access-Control-Allow-Origin` for allowed ones and
 * refuses the rest). Preflights echo the requested headers (the SDK sends `x-stainless-*`) and are answered 204
 * before authentication, as browsers send no credentials on them.
 */
export function createCorsMiddleware(routes: readonly RouteSpec[]): RequestHandler {
  return (request: Request, response: Response, next: NextFunction): void => {
    response.setHeader('Access-Control-Expose-Headers', 'x-request-id, retry-after');
    if (request.method !== 'OPTIONS') {
      next();
      return;
    }
    const requested = request.headers['access-control-request-headers'];
    response.setHeader('Access-Control-Allow-Methods', 'GET, POST, DELETE, OPTIONS');
    response.setHeader('Access-Control-Allow-Headers', typeof requested === 'string' && requested.trim() !== '' ? requested : defaultAllowedHeaders);
    response.setHeader('Access-Control-Max-Age', '86400');
    response.vary('Access-Control-Request-Headers');
    const allow = allowedMethodsOf(routes, request.path);
    if (allow !== undefined) response.setHeader('Allow', allow);
    response.status(204).end();
  };
}
