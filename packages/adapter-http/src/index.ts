/**
 * @asksage-proxy/adapter-http — the HTTP API (Express 5) over core's gateway, driven by one route table. The app
 * factory never listens; the CLI owns the server.
 */
export { createHttpApp } from './create-http-app';
export { createExpressMessageClasses } from './create-express-message-classes';
export type { ExpressMessageClasses } from './create-express-message-classes';
export type { HttpAppDependencies, HttpAppOptions, HttpAppVersion, HttpOperations } from './http-app-dependencies';
export { httpStatusByErrorCode } from './http-status-by-error-code';
export { toRenderableError } from './to-renderable-error';
export type { HttpFailure } from './to-renderable-error';
export { httpRoutes, describeRoutes, findRoutes } from './http-routes';
export type { RouteSpec, RouteContext } from './route-spec';
export { createDialectHandler } from './create-dialect-handler';
export { writeSseStream } from './write-sse-stream';
export { formatSseFrame } from './format-sse-frame';
export { isLoopbackName } from './is-loopback-name';
export { createPassthroughHandler } from './create-passthrough-handler';
export { pipePassthroughStream } from './pipe-passthrough-stream';
export { HttpRequestError, httpRequestErrorCodes } from './http-request-error';
export type { HttpRequestErrorCode } from './http-request-error';
