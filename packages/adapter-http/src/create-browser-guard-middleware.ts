import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { isLoopbackName } from './is-loopback-name';
import { HttpRequestError } from './http-request-error';

/** Which web pages may call the proxy from a browser. */
export type AllowedOrigins = 'any' | { loopback: boolean; origins: readonly string[] };

/** Options of `createBrowserGuardMiddleware`. */
export interface BrowserGuardOptions {
  /** Origins whose pages may call the proxy. */
  allowedOrigins: AllowedOrigins;
  /** `loopback`: refuse requests whose Host header names another machine (DNS rebinding). */
  allowedHosts: 'any' | 'loopback';
}

function hostnameOf(hostHeader: string): string {
  // `[::1]:8080`, `localhost:8080`, `127.0.0.1`
  const bracketed = /^\[([^\]]+)\]/.exec(hostHeader);
  if (bracketed?.[1] !== undefined) return bracketed[1];
  return hostHeader.replace(/:\d*$/, '');
}

function isOriginAllowed(origin: string, allowed: AllowedOrigins): boolean {
  if (allowed === 'any') return true;
  if (allowed.origins.includes(origin)) return true;
  if (!allowed.loopback) return false;
  try {
    return isLoopbackName(new URL(origin).hostname);
  } catch {
    return false; // `null` (file://, sandboxed frames) and garbage
  }
}

/**
 * The proxy spends the owner's AskSage keys, usually with no inbound key of its own. Any web page the owner visits
 * could otherwise call it from their browser: a cross-origin `fetch` with a body the browser does not preflight, or
 * a DNS-rebinding page whose Host is the attacker's name. So a request that carries a browser `Origin` is served
 * only for allowed origins, and (when bound to loopback) only with a loopback Host. Clients that send no Origin
 * (SDKs, curl, agents) are unaffected.
 */
export function createBrowserGuardMiddleware(options: BrowserGuardOptions): RequestHandler {
  return (request: Request, response: Response, next: NextFunction): void => {
    if (options.allowedHosts === 'loopback') {
      const host = request.headers.host ?? '';
      if (!isLoopbackName(hostnameOf(host))) {
        throw new HttpRequestError('origin_not_allowed', `requests for host "${host.slice(0, 100)}" are refused: this proxy listens on loopback and serves localhost only`);
      }
    }
    const origin = request.headers.origin;
    if (origin === undefined) {
      next();
      return;
    }
    if (!isOriginAllowed(origin, options.allowedOrigins)) {
      throw new HttpRequestError(
        'origin_not_allowed',
        `requests from web pages at ${origin.slice(0, 200)} are refused, so that no website can spend the AskSage keys; ` +
          'set proxy_api_keys (then any origin may call with a key), or list the origin in cors_origins',
      );
    }
    response.setHeader('Access-Control-Allow-Origin', options.allowedOrigins === 'any' ? '*' : origin);
    if (options.allowedOrigins !== 'any') response.vary('Origin');
    next();
  };
}
