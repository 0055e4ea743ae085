import type { Dialect, DialectServices, Gateway, Logger, PassthroughGateway, PassthroughSurface } from '@asksage-proxy/core';
import type { RequestHandler } from 'express';
import type { HttpAppOptions, HttpAppVersion, HttpOperations } from './http-app-dependencies';

/** What a route's handler may use. */
export interface RouteContext {
  gateway: Gateway;
  /** AskSage's compatibility surfaces, when the composition root wired them (`upstream_api: passthrough`). */
  passthrough?: PassthroughGateway;
  services: DialectServices;
  logger: Logger;
  version: HttpAppVersion;
  /** The app's route table (what `GET /` lists), which may differ from the default `httpRoutes`. */
  routes: readonly RouteSpec[];
  options: Required<Pick<HttpAppOptions, 'heartbeatIntervalMs'>> & HttpAppOptions;
  /** Metrics and status views; empty when the composition root wired none. */
  operations: HttpOperations;
}

/** One row of the route table: it drives mounting, `GET /`, 404/405, inbound auth and the error shape. */
export interface RouteSpec {
  /** GET routes answer HEAD too. */
  method: 'GET' | 'POST' | 'DELETE';
  /** Canonical path shown to users (`GET /` and 404 messages). */
  path: string;
  /** Express paths mounted (with and without `/v1` where clients vary). */
  mount: string[];
  /**
   * Matches a request path, for 404/405, auth and the error shape before routing. Default: derived from `mount` as
   * Express matches it (`routePattern`), so a path is written once; give one only for a path Express cannot express.
   */
  pattern?: RegExp;
  /** Works without the inbound API key (probes, dashboards). */
  isPublic: boolean;
  /** The dialect whose error body this route answers with (OpenAI's envelope when absent). */
  dialect?: Dialect;
  /**
   * The AskSage compatibility surface that serves this route as it is when `options.upstreamApi` is `passthrough`
   * (its `dialect` renders the errors); without it, the route is served by `handler` in both modes.
   */
  passthrough?: PassthroughSurface;
  /** Reads a JSON body first (with the size limits). */
  hasBody?: boolean;
  /** Builds the handler, once, at app creation. */
  handler: (context: RouteContext) => RequestHandler;
}
