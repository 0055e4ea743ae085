import type { RequestHandler } from 'express';
import { HttpRequestError } from './http-request-error';
import type { RouteContext } from './route-spec';
import { renderStatusPage } from './render-status-page';

function turnedOff(what: string, reason: string): HttpRequestError {
  return new HttpRequestError('not_found', `${what} is turned off on this proxy (${reason})`);
}

/** `GET /metrics`: the Prometheus text exposition, never cached. */
export function createMetricsHandler({ operations }: RouteContext): RequestHandler {
  return async (_request, response) => {
    if (operations.metrics === undefined) throw turnedOff('GET /metrics', 'metrics: false in config.yaml');
    const exposition = await operations.metrics();
    response.setHeader('Cache-Control', 'no-store');
    response.type(exposition.contentType).send(exposition.body);
  };
}

/** `GET /status.json`: keys by name, usage, models, recent errors; `?month_to_date=false` skips asking AskSage. */
export function createStatusJsonHandler({ operations }: RouteContext): RequestHandler {
  return async (request, response) => {
    if (operations.status === undefined) throw turnedOff('GET /status.json', 'no status source was wired');
    const monthToDate = request.query.month_to_date !== 'false' && request.query.month_to_date !== '0';
    response.setHeader('Cache-Control', 'no-store');
    response.json(await operations.status({ monthToDate }));
  };
}

/**
 * `GET /status`: a page with no data in it (public, so a browser can load it before it has the proxy key); its
 * script fetches `/status.json` with the key the user typed. The CSP allows only its own inline script and style
 * and fetches to this origin.
 */
export function createStatusPageHandler({ operations, version }: RouteContext): RequestHandler {
  const page = renderStatusPage({ title: `${version.name} ${version.current}` });
  return (_request, response) => {
    if (operations.status === undefined) throw turnedOff('GET /status', 'no status source was wired');
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('Content-Security-Policy', "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Referrer-Policy', 'no-referrer');
    response.type('html').send(page);
  };
}
