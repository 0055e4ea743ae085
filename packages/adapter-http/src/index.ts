/**
 * @asksage-proxy/adapter-http — the OpenAI-compatible HTTP API (Express 5) over core's `ProxyService`.
 * The app factory never listens; the CLI owns the server.
 */
export { createHttpApp } from './create-http-app';
export type { HttpAppDependencies, HttpAppOptions, HttpAppVersion } from './http-app-dependencies';
export { httpStatusByErrorCode } from './http-status-by-error-code';
export type { HttpErrorMapping, OpenAIErrorType } from './http-status-by-error-code';
export { renderOpenAIError } from './render-openai-error';
export type { OpenAIErrorEnvelope, RenderedOpenAIError } from './render-openai-error';
export { httpEndpoints } from './http-endpoints';
export type { HttpEndpoint } from './http-endpoints';
export { isLoopbackName } from './is-loopback-name';
